import Crypto
import FundChainCore
import FundChainIngest

/// One batch read from the file: the rows kept for merging and the rows rejected.
struct ProducedBatch: Sendable {
    var batch: any MergeBatch
    /// Rows read into this batch (kept, duplicate within it, or rejected).
    var read: Int
    var rejects: [RowReject]
    var bytesRead: Int64
}

/// Reads, parses and validates a file batch by batch: the client side of an ingest.
///
/// `@unchecked Sendable`: the ingest hands it to one task at a time (each `next()` runs in a task
/// that is awaited before the next one starts), never to two at once.
final class BatchProducer: @unchecked Sendable {
    let reader: FileChunkReader
    let path: String
    let batchSize: Int
    var merger: any BatchMerger
    var parser = CSVParser()
    var hasher = SHA256()
    var headerSeen = false
    var finished = false
    var batches = 0
    private(set) var ignoredColumns: [String] = []

    init(reader: FileChunkReader, path: String, merger: any BatchMerger, batchSize: Int) {
        self.reader = reader
        self.path = path
        self.merger = merger
        self.batchSize = batchSize
    }

    /// The SHA-256 of the bytes read so far (the whole file once `next()` has returned `nil`).
    func sha256() -> String { Hex.encode(hasher.finalize()) }

    /// The next batch: at least `batchSize` rows unless the file ends first (the first batch: an
    /// eighth of that, so that the database starts merging while the client reads on: the
    /// server's first work of a region's ~4 s ingest came ~0.1 s sooner); `nil` after the last.
    ///
    /// - Complexity: O(bytes of the batch).
    func next() throws -> ProducedBatch? {
        guard !finished else { return nil }
        let batchSize = batches == 0 ? max(1, self.batchSize / 8) : self.batchSize
        batches += 1
        var read = 0
        var rejects: [RowReject] = []
        var bytesRead: Int64 = 0
        let path = self.path
        while read < batchSize {
            let chunk = try reader.next()
            var failure: IngestError?
            func handle(_ row: borrowing CSVRow) {
                guard failure == nil else { return }
                guard headerSeen else {
                    headerSeen = true
                    do throws(IngestError) {
                        ignoredColumns = try merger.start(header: row, file: path)
                    } catch {
                        failure = error
                    }
                    return
                }
                read += 1
                if let reject = merger.consume(row) { rejects.append(reject) }
            }
            do {
                if let chunk {
                    hasher.update(bufferPointer: chunk)
                    bytesRead += Int64(chunk.count)
                    try parser.feed(chunk) { handle($0) }
                } else {
                    try parser.finish { handle($0) }
                }
            } catch let error as CSVParser.ParseError {
                throw IngestError(.malformed, file: path, line: error.line, error.message)
            }
            if let failure { throw failure }
            if chunk == nil {
                finished = true
                if !headerSeen {
                    throw IngestError(.empty, file: path, line: 1, "the file is empty (expected a header row)")
                }
                break
            }
        }
        return ProducedBatch(batch: try merger.takeBatch(), read: read, rejects: rejects, bytesRead: bytesRead)
    }
}
