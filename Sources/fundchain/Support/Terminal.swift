import Foundation

/// stderr output for people: notes, and a progress line that redraws in place when stderr is a
/// terminal (and stays silent otherwise, so logs and pipes stay clean).
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) == 1

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Redraws one progress line: `label [#####.....] 52% detail`.
    static func progress(_ label: String, fraction: Double?, detail: String) {
        guard isInteractive else { return }
        var line = "\r\u{1B}[2K" + label
        if let fraction {
            let width = 30
            let done = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
            line += " [" + String(repeating: "#", count: done) + String(repeating: ".", count: width - done) + "] "
            line += String(format: "%3.0f%%", fraction * 100)
        }
        line += " " + detail
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func endProgress() {
        guard isInteractive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Machine output on stdout. When the reader goes away (`fundchain scores | head`), the command
/// stops quietly instead of crashing on the broken pipe.
enum StandardOutput {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    static func write(_ bytes: some Collection<UInt8>) {
        Array(bytes).withUnsafeBytes { write($0) }
    }

    /// A closed pipe must show up as `EPIPE` here, not kill the process before it can stop cleanly.
    private static let pipeSignalIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func write(_ buffer: UnsafeRawBufferPointer) {
        _ = pipeSignalIgnored
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                Terminal.note("error: cannot write to standard output (errno \(errno))")
                exit(1)
            }
            offset += n
        }
    }
}
