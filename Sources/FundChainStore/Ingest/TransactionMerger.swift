import FundChainCore
import FundChainIngest
import Logging
import NIOCore

/// Statement entries: validated, deduplicated within the batch on (bank_code, txn_ref), encoded
/// for COPY and aggregated into flow increments on the client; `TransactionBatch` merges them
/// into the month-partitioned `transactions` table with their flows, in one transaction.
///
/// An entry is kept compactly (`Entry`): its COPY row is encoded as it arrives, into one buffer
/// in file order; its key is kept as bytes (`appendKey`: `txn_ref`, NUL, `bank_code`), compared
/// as PostgreSQL's unique key (txn_ref, bank_code, …) compares them; its firms are small
/// integers. Taking the batch sorts indices, not entries, and copies each kept row once.
struct TransactionMerger: BatchMerger {
    static let columns = [
        "firm", "bank_code", "account_no", "txn_ref", "booked_at", "direction", "amount", "currency",
        "counterparty_account", "counterparty_name", "counterparty_bank", "counterparty_firm", "purpose", "run_id",
    ]

    /// What the merge needs of one entry once its row is encoded.
    struct Entry: Sendable {
        /// Its COPY row in `rows` (before `takeBatch`) or in the batch's buffer (after).
        var row: Range<Int>
        /// Its key bytes in `keys`.
        var key: Range<Int>
        /// 1-based line of the entry in its file, for errors.
        var line: Int
        var amount: Int64
        /// Months since January 1970.
        var month: Int32
        var firm: FirmIndex.ID
        /// `FirmIndex.outside` when the counterparty is not a covered firm.
        var counterparty: FirmIndex.ID
        var day: UInt8
        var direction: Direction
    }

    let runID: Int64
    let directory: AccountDirectory
    let firms: FirmIndex
    var validator: TransactionRowValidator?
    var entries: [Entry] = []
    var rows = CopyTextWriter(capacity: 1 << 20)
    var keys: [UInt8] = []
    /// The aggregate keys of the batches taken so far, while `plain` is on.
    var written: WrittenKeys?
    let plain = PlainInserts()
    /// How many batches have been taken.
    var taken = 0

    /// `fileBytes` sizes `written` (the size of the file read, or an estimate).
    init(runID: Int64, directory: AccountDirectory, fileBytes: Int64) {
        self.runID = runID
        self.directory = directory
        firms = FirmIndex(directory)
        written = WrittenKeys(fileBytes: fileBytes)
    }

    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String] {
        let v = try TransactionRowValidator(header: header, file: file, directory: directory)
        validator = v
        return v.header.ignored
    }

    mutating func consume(_ row: borrowing CSVRow) -> RowReject? {
        if let fields = validator!.validateBytes(row) {
            consume(fields, of: row)
            return nil
        }
        switch validator!.validate(row) {
        case .success(let valid):
            consume(validated: valid)
            return nil
        case .failure(let reject):
            return reject
        }
    }

    /// Keeps an entry validated elsewhere (a CSV row, a statement line) for the next batch.
    mutating func consume(validated valid: ValidatedEntry) {
        let e = valid.entry
        let counterparty = directory.counterpartyFirm(bank: e.counterpartyBank, number: e.counterpartyAccount)
        let bound =
            CopyRow.bound(text: 18) * 2 + CopyRow.bound(text: e.bankCode.utf8.count)
            + CopyRow.bound(text: e.accountNumber.utf8.count) + CopyRow.bound(text: e.txnRef.utf8.count)
            + CopyRow.dateBound + CopyRow.bound(text: 1) + CopyRow.integerBound * 2 + CopyRow.bound(text: 3)
            + CopyRow.bound(text: e.counterpartyAccount?.utf8.count)
            + CopyRow.bound(text: e.counterpartyName?.utf8.count)
            + CopyRow.bound(text: e.counterpartyBank?.utf8.count) + CopyRow.bound(text: e.purpose?.utf8.count) + 1
        let runID = self.runID
        let row = rows.row(maximumBytes: bound) { r in
            r.text(valid.firm.code)
            r.text(e.bankCode)
            r.text(e.accountNumber)
            r.text(e.txnRef)
            r.date(e.bookedOn)
            r.text(e.direction.rawValue)
            r.integer(e.amount.fen)
            r.text(e.currency.code)
            r.text(e.counterpartyAccount)
            r.text(e.counterpartyName)
            r.text(e.counterpartyBank)
            r.text(counterparty?.code)
            r.text(e.purpose)
            r.integer(runID)
        }
        keep(
            row: row, bank: e.bankCode.utf8, ref: e.txnRef.utf8, line: valid.line, amount: e.amount,
            bookedOn: e.bookedOn, direction: e.direction, firm: firms.id(valid.firm),
            counterparty: counterparty.map(firms.id) ?? FirmIndex.outside)
    }

    /// Keeps an entry whose COPY row is written (`row`): its key and what the merge needs.
    mutating func keep(
        row: Range<Int>, bank: some Sequence<UInt8>, ref: some Sequence<UInt8>, line: Int, amount: Money,
        bookedOn: CalendarDate, direction: Direction, firm: FirmIndex.ID, counterparty: FirmIndex.ID
    ) {
        let keyStart = keys.count
        Self.appendKey(bank: bank, ref: ref, to: &keys)
        entries.append(
            Entry(
                row: row, key: keyStart..<keys.count, line: line, amount: amount.fen, month: Int32(bookedOn.monthIndex),
                firm: firm, counterparty: counterparty, day: UInt8(bookedOn.day), direction: direction))
    }

    /// Keeps an entry checked on its bytes (`validateBytes`): its text fields are copied from the
    /// row as they are, which is what `consume(validated:)` writes for the same row.
    mutating func consume(_ f: EntryFields, of row: borrowing CSVRow) {
        let bytes = row.bytes
        // Looked up before the closure that writes the row: inside it, reading `directory` off
        // the `inout self` copied the whole directory for each entry (a retain and a release of
        // each of its tables: ~5 % of ingest's client CPU, `perf`).
        let counterparty = Self.counterparty(f, in: bytes, directory: directory)
        bytes.withUnsafeBufferPointer { b in
            func bound(_ r: Range<Int>?) -> Int { CopyRow.bound(text: r?.count) }
            let maximum =
                CopyRow.bound(text: 18) * 2 + bound(f.bankCode) + bound(f.accountNumber) + bound(f.txnRef)
                + CopyRow.dateBound + CopyRow.bound(text: 1) + CopyRow.integerBound * 2 + CopyRow.bound(text: 3)
                + bound(f.counterpartyAccount) + bound(f.counterpartyName) + bound(f.counterpartyBank)
                + bound(f.purpose) + 1
            let runID = self.runID
            let written = rows.row(maximumBytes: maximum) { r in
                func text(_ range: Range<Int>?) {
                    if let range { r.utf8(UnsafeBufferPointer(rebasing: b[range])) } else { r.text(nil) }
                }
                r.text(f.firm.code)
                text(f.bankCode)
                text(f.accountNumber)
                text(f.txnRef)
                r.date(f.bookedOn)
                r.text(f.direction.rawValue)
                r.integer(f.amount.fen)
                r.text(f.currency.code)
                text(f.counterpartyAccount)
                text(f.counterpartyName)
                text(f.counterpartyBank)
                r.text(counterparty?.firm.code)
                text(f.purpose)
                r.integer(runID)
            }
            keep(
                row: written, bank: UnsafeBufferPointer(rebasing: b[f.bankCode]),
                ref: UnsafeBufferPointer(rebasing: b[f.txnRef]), line: f.line, amount: f.amount, bookedOn: f.bookedOn,
                direction: f.direction, firm: f.firmNumber, counterparty: counterparty?.number ?? FirmIndex.outside)
        }
    }

    /// The covered owner of an entry's counterparty account, `nil` for the outside world.
    static func counterparty(_ f: EntryFields, in bytes: [UInt8], directory: AccountDirectory) -> AccountDirectory
        .Owner?
    {
        bytes.withUnsafeBufferPointer { b in
            func part(_ r: Range<Int>?) -> UnsafeBufferPointer<UInt8>? {
                r.map { UnsafeBufferPointer(rebasing: b[$0]) }
            }
            return directory.counterpartyOwner(bank: part(f.counterpartyBank), number: part(f.counterpartyAccount))
        }
    }

    mutating func takeBatch() throws -> any MergeBatch {
        defer {
            entries.removeAll(keepingCapacity: true)
            rows.buffer.clear()
            keys.removeAll(keepingCapacity: true)
        }
        // In the unique key's order, the server's index inserts walk the btree in order instead
        // of jumping around it (~15 % less backend CPU for the COPY), mostly at its right edge
        // (schema.sql); and repeats of a key within the batch become neighbours. Ties go to the
        // earlier entry, so the first in the file is kept.
        let order = Self.keyOrder(entries, keys: keys)
        var kept: [Entry] = []
        kept.reserveCapacity(order.count)
        keys.withUnsafeBufferPointer { k in
            for i in order {
                if let previous = kept.last, Self.compare(previous.key, entries[i].key, in: k) == 0 { continue }
                kept.append(entries[i])
            }
        }
        // The kept rows, in key order, into one buffer sized for them.
        var buffer = ByteBufferAllocator().buffer(capacity: kept.reduce(0) { $0 + $1.row.count })
        rows.buffer.withUnsafeReadableBytes { source in
            let base = rows.buffer.readerIndex
            for i in kept.indices {
                let start = buffer.writerIndex
                buffer.writeBytes(
                    UnsafeRawBufferPointer(
                        rebasing: source[(kept[i].row.lowerBound - base)..<(kept[i].row.upperBound - base)]))
                kept[i].row = start..<buffer.writerIndex
            }
        }
        let aggregate = try Self.aggregate(kept, firms: firms)
        let months = Set(kept.map(\.month)).sorted().map { CalendarDate(monthIndex: Int($0)).description }
        if !plain.isOn { written = nil }
        taken += 1
        return TransactionBatch(
            ticket: AggregateTicket(run: runID, batch: taken - 1), entries: kept, keys: keys, firms: firms,
            buffer: buffer, months: months,
            aggregate: AggregateRows(aggregate, firms: firms, written: &written), plain: plain,
            inBatchDuplicates: entries.count - kept.count)
    }

    /// Appends an entry's key bytes: the reference, NUL, the bank code. Neither may hold a NUL
    /// (PostgreSQL text cannot), so comparing these bytes as `memcmp` then length orders keys as
    /// the unique key (txn_ref, bank_code, …) does in the C collation: a reference that is a prefix
    /// of another sorts first, as the NUL sorts before any byte.
    static func appendKey(bank: some Sequence<UInt8>, ref: some Sequence<UInt8>, to keys: inout [UInt8]) {
        keys.append(contentsOf: ref)
        keys.append(0)
        keys.append(contentsOf: bank)
    }

    /// The indices of `entries` by key bytes, ties by index.
    ///
    /// - Complexity: O(n log n) comparisons of key bytes.
    static func keyOrder(_ entries: [Entry], keys: [UInt8]) -> [Int] {
        var order = Array(entries.indices)
        keys.withUnsafeBufferPointer { k in
            entries.withUnsafeBufferPointer { e in
                order.sort { a, b in
                    let c = compare(e[a].key, e[b].key, in: k)
                    return c != 0 ? c < 0 : a < b
                }
            }
        }
        return order
    }

    /// Byte-wise comparison of two keys (as memcmp, then length): negative, zero or positive.
    ///
    /// Eight bytes at a time as big-endian words, in line: a batch's keys share their first dozen
    /// bytes or so (a reference's date or sequence prefix), and with a `memcmp` call per
    /// comparison the batch's sort was ~4.5 % of ingest's client CPU (`perf`; 3.4 % this way).
    static func compare(_ a: Range<Int>, _ b: Range<Int>, in keys: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        guard n > 0, let base = keys.baseAddress else { return a.count - b.count }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            let x = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: a.lowerBound + i, as: UInt64.self))
            let y = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: b.lowerBound + i, as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            i += 8
        }
        while i < n {
            let x = base[a.lowerBound + i]
            let y = base[b.lowerBound + i]
            if x != y { return x < y ? -1 : 1 }
            i += 1
        }
        return a.count - b.count
    }

    /// The flows of `entries`; a total that would leave `Int64` fen is an error naming the line
    /// of the entry that made it overflow (the batch is not loaded, the run fails).
    static func aggregate(_ entries: [Entry], firms: FirmIndex) throws(StoreError) -> FlowAccumulator<FirmIndex.ID> {
        var aggregate = FlowAccumulator<FirmIndex.ID>()
        for e in entries {
            do throws(FlowAggregate.OverflowError) {
                try aggregate.add(
                    month: Int(e.month), day: Int(e.day), direction: e.direction, amount: e.amount, firm: e.firm,
                    counterparty: e.counterparty == FirmIndex.outside ? nil : e.counterparty)
            } catch var error {
                error.firm = firms.code(e.firm)
                throw StoreError(.ingestFailed, "line \(e.line): \(error)")
            }
        }
        return aggregate
    }
}

/// The covered firms as small integers: the directory's numbers (`AccountDirectory.Owner.number`),
/// which the byte path of ingest reads with each owner, so that no code is hashed per entry;
/// `outside` stands for a counterparty that is not covered. `rank` orders them by code, as
/// PostgreSQL's keys do.
struct FirmIndex: Sendable {
    typealias ID = Int32
    static let outside = ID.max

    let directory: AccountDirectory
    /// Codes by number.
    let codes: [String]
    /// Each number's position in code order.
    let ranks: [Int32]

    init(_ directory: AccountDirectory) {
        self.directory = directory
        let firms = directory.numberedFirms
        codes = firms.map(\.code)
        var ranks = [Int32](repeating: 0, count: firms.count)
        for (rank, number) in firms.indices.sorted(by: { firms[$0] < firms[$1] }).enumerated() {
            ranks[number] = Int32(rank)
        }
        self.ranks = ranks
    }

    /// The number of a covered firm (every owner in the directory has one), for entries validated
    /// as strings (statements, unusual rows).
    func id(_ firm: USCC) -> ID { directory.number(of: firm)! }

    func code(_ id: ID) -> String { id == Self.outside ? FlowAggregate.outside : codes[Int(id)] }

    /// Sorts as the firm's code sorts (`outside` last).
    func rank(_ id: ID) -> Int32 { id == Self.outside ? Self.outside : ranks[Int(id)] }
}
