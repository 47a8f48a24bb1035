#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file sequentially in fixed-size chunks with `read(2)`: constant memory whatever the
/// file size.
public final class FileChunkReader {
    public let path: String
    public let size: Int64
    let fd: Int32
    let buffer: UnsafeMutableRawBufferPointer

    public init(path: String, chunkSize: Int = 1 << 20) throws(IngestError) {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestError(.unreadable, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw IngestError(.unreadable, file: path, "is a directory")
        }
        size = Int64(st.st_size)
        buffer = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next chunk, or `nil` at the end of the file. The bytes are valid until the next call.
    public func next() throws(IngestError) -> UnsafeRawBufferPointer? {
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return UnsafeRawBufferPointer(rebasing: buffer[0..<n]) }
            if n == 0 { return nil }
            if errno == EINTR { continue }
            throw IngestError(.unreadable, file: path, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
