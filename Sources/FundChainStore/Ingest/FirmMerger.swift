import FundChainCore
import FundChainIngest
import Logging
import PostgresNIO

/// Firms: new USCCs are inserted; a USCC already present counts as a duplicate (the first
/// record of a firm wins; changing a firm is not an ingest's job).
struct FirmMerger: BatchMerger {
    let runID: Int64
    var validator: FirmRowValidator?
    var batch: [Firm] = []

    init(runID: Int64) { self.runID = runID }

    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String] {
        let v = try FirmRowValidator(header: header, file: file)
        validator = v
        return v.header.ignored
    }

    mutating func consume(_ row: borrowing CSVRow) -> RowReject? {
        switch validator!.validate(row) {
        case .success(let firm):
            batch.append(firm)
            return nil
        case .failure(let reject):
            return reject
        }
    }

    mutating func discard() { batch.removeAll(keepingCapacity: true) }

    mutating func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome {
        guard !batch.isEmpty else { return MergeOutcome() }
        var writer = CopyTextWriter()
        for firm in batch {
            writer.text(firm.uscc.code)
            writer.text(firm.name)
            writer.text(firm.industry.code)
            writer.text(firm.region.code)
            writer.date(firm.foundedOn)
            writer.bool(firm.isCore)
            writer.integer(runID)
            writer.endRow()
        }
        let inserted = try await mergeThroughStaging(
            writer.buffer, table: "firms", columns: ["uscc", "name", "industry", "region", "founded_on", "is_core", "run_id"],
            returning: "uscc", connection: connection, logger: logger)
        defer { batch.removeAll(keepingCapacity: true) }
        return MergeOutcome(loaded: inserted.count, duplicate: batch.count - inserted.count)
    }
}

/// Accounts: keyed by (bank_code, account_no).
struct AccountMerger: BatchMerger {
    let runID: Int64
    let knownFirms: Set<String>
    var validator: AccountRowValidator?
    var batch: [Account] = []

    init(runID: Int64, knownFirms: Set<String>) {
        self.runID = runID
        self.knownFirms = knownFirms
    }

    mutating func start(header: borrowing CSVRow, file: String) throws(IngestError) -> [String] {
        let v = try AccountRowValidator(header: header, file: file, knownFirms: knownFirms)
        validator = v
        return v.header.ignored
    }

    mutating func consume(_ row: borrowing CSVRow) -> RowReject? {
        switch validator!.validate(row) {
        case .success(let account):
            batch.append(account)
            return nil
        case .failure(let reject):
            return reject
        }
    }

    mutating func discard() { batch.removeAll(keepingCapacity: true) }

    mutating func merge(connection: PostgresConnection, logger: Logger) async throws -> MergeOutcome {
        guard !batch.isEmpty else { return MergeOutcome() }
        var writer = CopyTextWriter()
        for account in batch {
            writer.text(account.bankCode)
            writer.text(account.accountNumber)
            writer.text(account.owner.code)
            writer.date(account.openedOn)
            writer.text(account.currency.code)
            writer.integer(runID)
            writer.endRow()
        }
        let inserted = try await mergeThroughStaging(
            writer.buffer, table: "accounts", columns: ["bank_code", "account_no", "uscc", "opened_on", "currency", "run_id"],
            returning: "account_no", connection: connection, logger: logger)
        defer { batch.removeAll(keepingCapacity: true) }
        return MergeOutcome(loaded: inserted.count, duplicate: batch.count - inserted.count)
    }
}
