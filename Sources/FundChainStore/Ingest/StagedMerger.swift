import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Merges records keyed by a natural key through a staging table: new keys are inserted, a key
/// already present counts as a duplicate (the first record wins; changing a firm or an account
/// is not an ingest's job). Used for firms (USCC), accounts (bank_code, account_no), consents
/// and credit events.
struct StagedMerger<Validator: RecordValidator>: BatchMerger {
    let table: String
    let columns: [String]
    let makeValidator: (borrowing CSVRow, String) throws(IngestError) -> Validator
    let encode: (Validator.Record, inout CopyTextWriter) -> Void
    var validator: Validator?
    var batch: [Validator.Record] = []

    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String] {
        let v = try makeValidator(header, file)
        validator = v
        return v.header.ignored
    }

    mutating func consume(_ row: borrowing CSVRow) -> RowReject? {
        switch validator!.validate(row) {
        case .success(let record):
            batch.append(record)
            return nil
        case .failure(let reject):
            return reject
        }
    }

    mutating func takeBatch() -> any MergeBatch {
        defer { batch.removeAll(keepingCapacity: true) }
        var writer = CopyTextWriter(capacity: batch.count * 100)
        for record in batch {
            encode(record, &writer)
            writer.endRow()
        }
        return StagedBatch(table: table, columns: columns, buffer: writer.buffer, count: batch.count)
    }
}

/// Records encoded for COPY, merged through a staging table: new keys inserted, the rest counted
/// as duplicates.
struct StagedBatch: MergeBatch {
    let table: String
    let columns: [String]
    let buffer: ByteBuffer
    let count: Int

    func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome {
        guard count > 0 else { return MergeOutcome() }
        let inserted = try await mergeThroughStaging(
            buffer, table: table, columns: columns, returning: "1", connection: connection, logger: logger)
        return MergeOutcome(loaded: inserted.count, duplicate: count - inserted.count)
    }
}

extension StagedMerger where Validator == FirmRowValidator {
    init(firmsFor runID: Int64) {
        self.init(
            table: "firms", columns: ["uscc", "name", "industry", "region", "founded_on", "is_core", "run_id"],
            makeValidator: { header, file throws(IngestError) in try FirmRowValidator(header: header, file: file) },
            encode: { firm, writer in
                writer.text(firm.uscc.code)
                writer.text(firm.name)
                writer.text(firm.industry.code)
                writer.text(firm.region.code)
                writer.date(firm.foundedOn)
                writer.bool(firm.isCore)
                writer.integer(runID)
            })
    }
}

extension StagedMerger where Validator == AccountRowValidator {
    init(accountsFor runID: Int64, knownFirms: Set<String>) {
        self.init(
            table: "accounts", columns: ["bank_code", "account_no", "uscc", "opened_on", "currency", "run_id"],
            makeValidator: { header, file throws(IngestError) in
                try AccountRowValidator(header: header, file: file, knownFirms: knownFirms)
            },
            encode: { account, writer in
                writer.text(account.bankCode)
                writer.text(account.accountNumber)
                writer.text(account.owner.code)
                writer.date(account.openedOn)
                writer.text(account.currency.code)
                writer.integer(runID)
            })
    }
}

extension StagedMerger where Validator == ConsentRowValidator {
    /// Consents merge on (uscc, bank_code, purpose, reference): the same consent again is a duplicate.
    init(consentsFor runID: Int64, knownFirms: Set<String>) {
        self.init(
            table: "consents",
            columns: ["uscc", "bank_code", "purpose", "reference", "granted_at", "expires_at", "run_id"],
            makeValidator: { header, file throws(IngestError) in
                try ConsentRowValidator(header: header, file: file, knownFirms: knownFirms)
            },
            encode: { consent, writer in
                writer.text(consent.uscc.code)
                writer.text(consent.bankCode)
                writer.text(consent.purpose.rawValue)
                writer.text(consent.reference)
                writer.date(consent.grantedOn)
                if let expires = consent.expiresOn { writer.date(expires) } else { writer.text(nil) }
                writer.integer(runID)
            })
    }
}

extension StagedMerger where Validator == CreditEventRowValidator {
    /// Credit events merge on (uscc, event, event_date, bank_code, reference), an absent bank or
    /// reference counting as '': the same event again is a duplicate. Events dated after `today`
    /// (China Standard Time) are rejected.
    init(creditEventsFor runID: Int64, knownFirms: Set<String>, today: CalendarDate) {
        self.init(
            table: "credit_events", columns: ["uscc", "event", "event_date", "bank_code", "reference", "run_id"],
            makeValidator: { header, file throws(IngestError) in
                try CreditEventRowValidator(header: header, file: file, knownFirms: knownFirms, today: today)
            },
            encode: { event, writer in
                writer.text(event.uscc.code)
                writer.text(event.kind.rawValue)
                writer.date(event.date)
                writer.text(event.bankCode)
                writer.text(event.reference)
                writer.integer(runID)
            })
    }
}
