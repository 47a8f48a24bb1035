import ArgumentParser
import Foundation
import FundChainCore
import FundChainIngest
import FundChainStore

/// `fundchain consent`: the firms' authorisations the bank API checks (docs/security.md).
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record, revoke and list firms' consents for banks to query them (the bank API checks them).",
        discussion: """
            A bank's API key (`apikey create --bank CODE`) may read a firm only under a live consent of \
            that firm for that bank code and the route's purpose: score (POST /v1/scores), profile \
            (profile and stored snapshots) or products. Dates are YYYY-MM-DD in China Standard Time; \
            a consent holds from granted_at up to (not including) expires_at. A running server applies \
            a revocation within two seconds.
            """,
        subcommands: [Grant.self, Revoke.self, List.self, Import.self])

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record a firm's consent for a bank (one row per purpose; the same consent again changes nothing).")

        @OptionGroup var firm: FirmArgument

        @Option(help: ArgumentHelp("The bank's code, as its API keys are created with.", valueName: "code"))
        var bank: String

        @Option(
            help: ArgumentHelp(
                "Purposes, comma-separated: \(ConsentPurpose.allCases.map(\.rawValue).joined(separator: ", ")).",
                valueName: "list"))
        var purpose: String

        @Option(help: ArgumentHelp("The firm's reference for the consent (1-128 characters).", valueName: "text"))
        var reference: String

        @Option(help: ArgumentHelp("First day it holds (YYYY-MM-DD). Default: today.", valueName: "date"))
        var grantedAt: String?

        @Option(
            help: ArgumentHelp("First day it no longer holds (YYYY-MM-DD). Default: until revoked.", valueName: "date"))
        var expiresAt: String?

        @OptionGroup var database: DatabaseOptions

        func rows() throws -> [ConsentRow] {
            let uscc = try USCC(firm.uscc)
            let purposes = try purpose.split(separator: ",").map { name in
                guard let p = ConsentPurpose(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--purpose: '\(name)' is not one of score, profile, products")
                }
                return p
            }
            guard !purposes.isEmpty else { throw ValidationError("--purpose: name at least one purpose") }
            let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
            let granted = try grantedAt.map { try CalendarDate(parsing: $0) } ?? today
            let expires = try expiresAt.map { try CalendarDate(parsing: $0) }
            if let expires, expires <= granted {
                throw ValidationError("--expires-at \(expires) must be after --granted-at \(granted)")
            }
            return Set(purposes).sorted { $0.rawValue < $1.rawValue }.map {
                ConsentRow(
                    uscc: uscc, bankCode: bank, purpose: $0, reference: reference, grantedOn: granted,
                    expiresOn: expires)
            }
        }

        func validate() throws {
            guard !bank.isEmpty, bank.count <= 16, bank.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else {
                throw ValidationError("--bank must be 1-16 letters and digits")
            }
            guard !reference.isEmpty, reference.count <= 128,
                !reference.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw ValidationError("--reference must be 1-128 characters without control characters") }
            _ = try rows()
        }

        func run() async throws {
            let rows = try rows()
            let results = try await database.withDatabase(logger: CLILogger.make()) { db in
                var results: [(ConsentStore.Record, Bool)] = []
                for row in rows { results.append(try await ConsentStore(database: db).grant(row)) }
                return results
            }
            for (record, created) in results {
                let c = record.consent
                StandardOutput.write(
                    "\(created ? "granted" : "already recorded") consent \(c.id): \(c.uscc) \(c.bankCode) \(c.purpose) "
                        + "'\(c.reference)' from \(c.grantedOn)\(c.expiresOn.map { " until \($0)" } ?? "")"
                        + "\(c.isRevoked ? " (revoked)" : "")\n")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke every live consent with this reference (of one bank with --bank).")

        @Argument(help: ArgumentHelp("The consent's reference.", valueName: "reference"))
        var reference: String

        @Option(help: ArgumentHelp("Only this bank's consents.", valueName: "code"))
        var bank: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (reference, bank) = (reference, bank)
            let revoked = try await database.withDatabase(logger: CLILogger.make()) { db in
                try await ConsentStore(database: db).revoke(reference: reference, bankCode: bank)
            }
            guard !revoked.isEmpty else {
                Terminal.note(
                    "error: no live consent with reference '\(reference)'\(bank.map { " for bank \($0)" } ?? "")")
                throw ExitCode(3)
            }
            for record in revoked {
                StandardOutput.write(
                    "revoked consent \(record.consent.id): \(record.consent.uscc) \(record.consent.bankCode) \(record.consent.purpose)\n"
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List consents (revoked and expired ones too), by id.")

        @Option(help: ArgumentHelp("Only this firm's consents.", valueName: "uscc"))
        var firm: String?

        @Option(help: ArgumentHelp("Only this bank's consents.", valueName: "code"))
        var bank: String?

        @Option(help: "Output format: table (for people) or json.")
        var format = TableOrJSON.table

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let firm = try firm.map { try USCC($0).code }
            let bank = bank
            let records = try await database.withDatabase(logger: CLILogger.make()) { db in
                try await ConsentStore(database: db).list(uscc: firm, bankCode: bank)
            }
            let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
            let stamp = ISO8601DateFormatter()
            func state(_ c: Consent) -> String {
                c.isRevoked ? "revoked" : c.isLive(on: today) ? "live" : c.grantedOn > today ? "future" : "expired"
            }
            switch format {
            case .json:
                let rows: [[String: Any]] = records.map { r in
                    let c = r.consent
                    return [
                        "id": c.id, "uscc": c.uscc, "bank": c.bankCode, "purpose": c.purpose.rawValue,
                        "reference": c.reference, "granted_at": c.grantedOn.description,
                        "expires_at": c.expiresOn?.description as Any? ?? NSNull(),
                        "revoked_at": r.revokedAt.map { stamp.string(from: $0) } as Any? ?? NSNull(), "state": state(c),
                    ]
                }
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
                StandardOutput.write(Array(data))
                StandardOutput.write("\n")
            case .table:
                StandardOutput.write("id\tuscc\tbank\tpurpose\treference\tgranted_at\texpires_at\tstate\n")
                for r in records {
                    let c = r.consent
                    StandardOutput.write(
                        "\(c.id)\t\(c.uscc)\t\(c.bankCode)\t\(c.purpose)\t\(c.reference)\t\(c.grantedOn)\t"
                            + "\(c.expiresOn?.description ?? "-")\t\(state(c))\n")
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load consents from CSV: uscc,bank,purpose,reference,granted_at,expires_at.",
            discussion: """
                Like `fundchain ingest`: every row read ends loaded, duplicate (the same firm, bank, \
                purpose and reference again) or rejected with its line, field and reason; the run is \
                recorded in ingest_runs. expires_at may be empty.
                """)

        @OptionGroup var options: CSVImportOptions

        func run() async throws { try await options.run(.consents) }
    }
}
