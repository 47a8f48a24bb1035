#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file opened for writing, fed in large blocks with `write(2)`.
final class FileSink {
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let errno: Int32
        var description: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
    }

    let path: String
    private let fd: Int32
    private var pending = ByteBuffer(capacity: 1 << 20)
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, errno: errno) }
    }

    /// Buffers `buffer`'s bytes, writing whenever at least 1 MiB is pending.
    func write(_ buffer: ByteBuffer) throws {
        if buffer.count >= 1 << 20 {
            try flush()
            try writeAll(buffer.bytes)
            return
        }
        pending.append(buffer.bytes)
        if pending.count >= 1 << 20 { try flush() }
    }

    func write(_ text: String) throws {
        pending.append(text)
        if pending.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        guard pending.count > 0 else { return }
        try writeAll(pending.bytes)
        pending.removeAll()
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path: path, errno: errno)
                }
                offset += n
            }
        }
        bytesWritten += bytes.count
    }

    func close() throws {
        try flush()
        _ = posixClose(fd)
    }
}

@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always) private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
