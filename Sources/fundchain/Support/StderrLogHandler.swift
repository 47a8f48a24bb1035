import Foundation
import Logging

/// Log lines on stderr, in swift-log's `StreamLogHandler` layout
/// (`2026-11-29T14:01:24+0000 info fundchain: key=value [Source] message`).
///
/// Written here because `StreamLogHandler` formats its metadata whenever metadata is set, and
/// Hummingbird sets a request id on the logger of every request: 3–4% of the scoring service's
/// CPU under load (perf, Benchmarks/server), for lines that are almost never written. This
/// handler formats metadata only when it writes a line.
struct StderrLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // One write(2) per line, so that lines from several threads do not interleave.
        var bytes = Array(line(event, timestamp: Self.timestamp()).utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(2, buffer.baseAddress! + done, buffer.count - done)
                if n <= 0 { break }
                done += n
            }
        }
    }

    /// The line for `event`: metadata set on the logger, then from its provider, then the
    /// event's own (a later one wins a key), sorted by key.
    func line(_ event: LogEvent, timestamp: String) -> String {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let pretty = all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        return "\(timestamp) \(event.level) \(label):\(pretty) [\(event.source)] \(event.message)\n"
    }

    static func timestamp() -> String {
        var now = time(nil)
        var local = tm()
        localtime_r(&now, &local)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
