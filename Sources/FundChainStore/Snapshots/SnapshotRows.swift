import FundChainCore
import NIOCore
import PostgresNIO

/// A batch's rows on their way into COPY: asks for the drafts a chunk at a time (the next chunk
/// made while the previous one is sent), chains each to its firm's previous hash, and writes
/// them in COPY text format, ~1 MiB per message.
struct SnapshotRows: Sendable {
    let firms: [String]
    /// Each firm's latest hash before this batch.
    let latest: [String: String]
    let batchID: Int64
    let firstID: Int64
    let asOf: CalendarDate
    let chunk: Int
    let drafts: @Sendable (Range<Int>) throws -> [SnapshotDraft]

    /// One chunk, checked and hashed.
    struct Linked: Sendable {
        var drafts: [SnapshotDraft]
        var previous: [String?]
        var digests: [[UInt8]]
    }

    /// Writes every row; returns the raw hashes in firm order (the batch's Merkle leaves) and
    /// how long the writer waited for drafts (the rest of the time went to sending them).
    func write(to writer: PostgresCopyFromWriter) async throws -> (leaves: [[UInt8]], waitedForDrafts: Duration) {
        let clock = ContinuousClock()
        var waited = Duration.zero
        var leaves: [[UInt8]] = []
        leaves.reserveCapacity(firms.count)
        let asOfText = asOf.description
        var rows = CopyTextWriter(capacity: 1 << 21)
        let ranges = stride(from: 0, to: firms.count, by: max(1, chunk)).map {
            $0..<min(firms.count, $0 + max(1, chunk))
        }
        var next = ranges.first.map { range in Task { try link(range) } }
        for (k, range) in ranges.enumerated() {
            let asked = clock.now
            let part = try await next!.value
            waited += clock.now - asked
            next = k + 1 < ranges.count ? Task { [ranges] in try link(ranges[k + 1]) } : nil
            for (i, draft) in part.drafts.enumerated() {
                let hash = Hex.encode(part.digests[i])
                leaves.append(part.digests[i])
                rows.integer(firstID + Int64(range.lowerBound + i))
                rows.integer(batchID)
                rows.text(draft.uscc)
                rows.text(asOfText)
                rows.integer(draft.score)
                rows.double(draft.pd)
                rows.text(draft.grade)
                rows.text(draft.inputFingerprint)
                rows.utf8(draft.body)
                rows.text(part.previous[i])
                rows.text(hash)
                rows.endRow()
                if rows.buffer.readableBytes >= 1 << 20 {
                    try await writer.write(rows.buffer)
                    rows.buffer.clear()
                }
            }
        }
        if rows.buffer.readableBytes > 0 { try await writer.write(rows.buffer) }
        return (leaves, waited)
    }

    /// The drafts of `range`, checked, with their previous and own hashes.
    func link(_ range: Range<Int>) throws -> Linked {
        let drafts = try self.drafts(range)
        guard drafts.count == range.count else {
            throw StoreError(
                .invalidInput, "asked for \(range.count) snapshot drafts from \(range.lowerBound), got \(drafts.count)")
        }
        for (i, draft) in drafts.enumerated() {
            try SnapshotStore.validate(draft, range.lowerBound + i, firm: firms[range.lowerBound + i])
        }
        let previous = drafts.map { latest[$0.uscc] }
        let digests = Parallel.map(ranges: drafts.count, chunks: 8) { part in
            part.map { SnapshotHash.digest(previous: previous[$0], body: drafts[$0].body) }
        }.flatMap { $0 }
        return Linked(drafts: drafts, previous: previous, digests: digests)
    }
}
