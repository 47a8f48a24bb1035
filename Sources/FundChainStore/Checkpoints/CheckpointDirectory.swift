import Foundation
import FundChainCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The published copy of the checkpoint log: a directory the operator publishes (a read-only
/// share, a web server, a WORM bucket), one file per checkpoint, `000001.json`, `000002.json`…
/// (six digits or more), each `SignedCheckpoint.fileBytes()`. Files are written once: to a
/// temporary file, fsynced, linked to their name (which fails if the name exists, so nothing
/// is ever overwritten), and the directory fsynced.
public struct CheckpointDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The file name of checkpoint `sequence`.
    public static func fileName(_ sequence: Int64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".json"
    }

    /// Creates the directory (and its parents) when missing; returns whether it did.
    @discardableResult
    public func create() throws -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError(.invalidInput, "\(path) is not a directory") }
            return false
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return true
    }

    /// Every published checkpoint by sequence, and a problem for each file that cannot be read
    /// or whose name is not its sequence. A missing directory holds none.
    public func readAll() throws -> (checkpoints: [SignedCheckpoint], problems: [String]) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], []) }
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter(Self.isCheckpointName).sorted()
        var out: [SignedCheckpoint] = []
        var problems: [String] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: path + "/" + name) else {
                problems.append("published checkpoint file \(name): cannot be read")
                continue
            }
            do {
                let signed = try SignedCheckpoint(file: Array(data))
                if Self.fileName(signed.checkpoint.sequence) != name {
                    problems.append("published checkpoint file \(name): holds checkpoint \(signed.checkpoint.sequence)")
                }
                out.append(signed)
            } catch {
                problems.append("published checkpoint file \(name): \(error)")
            }
        }
        return (out, problems)
    }

    /// The highest sequence published (0 when none), from the file names alone.
    public func latestSequence() throws -> Int64 {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return try FileManager.default.contentsOfDirectory(atPath: path).filter(Self.isCheckpointName)
            .compactMap { Int64($0.dropLast(5)) }.max() ?? 0
    }

    /// The published checkpoint `sequence`, when its file exists; throws when it cannot be read.
    public func checkpoint(_ sequence: Int64) throws -> SignedCheckpoint? {
        let file = path + "/" + Self.fileName(sequence)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        do { return try SignedCheckpoint(file: Array(data)) } catch {
            throw StoreError(.corruptData, "published checkpoint file \(file): \(error)")
        }
    }

    static func isCheckpointName(_ name: String) -> Bool {
        name.hasSuffix(".json") && name.utf8.count >= 11 && name.dropLast(5).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Writes checkpoint `signed` durably under its name. Publishing the same checkpoint again
    /// is a no-op; a different one under an existing name is refused (`corruptData`).
    public func publish(_ signed: SignedCheckpoint) throws {
        let bytes = signed.fileBytes()
        let name = Self.fileName(signed.checkpoint.sequence)
        let final = path + "/" + name
        let temporary = path + "/." + name + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw Self.failure("cannot create \(temporary)") }
        var ok = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        defer { unlink(temporary) }
        guard ok else { throw Self.failure("cannot write \(temporary)") }
        if link(temporary, final) != 0 {
            let error = errno
            guard error == EEXIST else { throw Self.failure("cannot publish \(final)") }
            guard let existing = FileManager.default.contents(atPath: final), Array(existing) == bytes else {
                throw StoreError(
                    .corruptData,
                    "\(final) already holds a different checkpoint \(signed.checkpoint.sequence): the database was rolled back or "
                        + "replaced, or this directory belongs to another database (run `fundchain snapshot verify --public-key … --checkpoints \(path)`)"
                )
            }
            return
        }
        let directory = open(path, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    static func failure(_ what: String) -> StoreError {
        StoreError(.snapshotFailed, "\(what): \(String(cString: strerror(errno)))")
    }
}
