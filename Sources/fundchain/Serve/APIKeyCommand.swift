import ArgumentParser
import Foundation
import FundChainServer
import FundChainStore

/// `fundchain apikey create|list|revoke`: API keys of the bank scoring service (docs/server.md).
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Create, list and revoke API keys of the scoring service (`fundchain serve`).",
        subcommands: [APIKeyCreateCommand.self, APIKeyListCommand.self, APIKeyRevokeCommand.self]
    )

    /// The scopes a key may hold; each names the operations it opens (openapi.yaml).
    static let scopes = ["score", "profile", "snapshot", "metrics"]
}

/// Exit codes of the apikey commands.
enum APIKeyExitCode {
    /// No key with that id.
    static let notFound = ExitCode(3)
}

struct APIKeyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key; prints its id and prefix, then the key alone on the last line of stdout.",
        discussion: """
            The key (fc_<prefix>_<secret>) is printed once and stored only as its SHA-256: keep it; \
            it cannot be shown again. Scopes: score (POST /v1/scores, GET /v1/firms/{uscc}/products), \
            profile (GET /v1/firms/{uscc}/profile), snapshot (GET /v1/snapshots/{id}), metrics (GET /metrics, \
            for a Prometheus scraper).
            """)

    @Option(help: ArgumentHelp("Who the key is for (e.g. the bank's system name).", valueName: "name"))
    var client: String

    @Option(help: ArgumentHelp("The bank's code (as in statement data, e.g. ICBC).", valueName: "code"))
    var bank: String

    @Option(help: ArgumentHelp("Comma-separated scopes: score, profile, snapshot, metrics.", valueName: "scopes"))
    var scopes: String

    @OptionGroup var database: DatabaseOptions

    var scopeList: [String] {
        scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard !client.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--client must not be empty")
        }
        guard !bank.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--bank must not be empty")
        }
        guard !scopeList.isEmpty else {
            throw ValidationError("--scopes needs at least one of: \(APIKeyCommand.scopes.joined(separator: ", "))")
        }
        for scope in scopeList where !APIKeyCommand.scopes.contains(scope) {
            throw ValidationError(
                "--scopes: unknown scope '\(scope)' (expected one of \(APIKeyCommand.scopes.joined(separator: ", ")))")
        }
    }

    func run() async throws {
        let key = APIKey.generate()
        let scopes = Array(Set(scopeList)).sorted()
        let (client, bank) = (client, bank)
        let record = try await database.withDatabase(logger: CLILogger.make()) { db in
            try await APIKeyStore(database: db).create(
                client: client, bankCode: bank, scopes: scopes, prefix: key.prefix, keySHA256: key.sha256)
        }
        Terminal.note(
            "created key \(record.id) for \(record.client) (\(record.bankCode)), scopes \(scopes.joined(separator: ","))"
        )
        Terminal.note("the key is printed once, on the last line: store it now")
        StandardOutput.write("id \(record.id)\nprefix \(record.prefix)\n\(key.text)\n")
    }
}

struct APIKeyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List keys (id, client, bank, scopes, prefix, created, revoked); never the secret.")

    @Option(help: "Output format: table (for people) or json.")
    var format = TableOrJSON.table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let records = try await database.withDatabase(logger: CLILogger.make()) { db in
            try await APIKeyStore(database: db).all()
        }
        let stamp = ISO8601DateFormatter()
        switch format {
        case .json:
            let rows: [[String: Any]] = records.map { r in
                [
                    "id": r.id, "client": r.client, "bank": r.bankCode, "scopes": r.scopes, "prefix": r.prefix,
                    "created_at": stamp.string(from: r.createdAt),
                    "revoked_at": r.revokedAt.map { stamp.string(from: $0) } as Any? ?? NSNull(),
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            StandardOutput.write(Array(data))
            StandardOutput.write("\n")
        case .table:
            StandardOutput.write("id\tclient\tbank\tscopes\tprefix\tcreated_at\trevoked_at\n")
            for r in records {
                StandardOutput.write(
                    "\(r.id)\t\(r.client)\t\(r.bankCode)\t\(r.scopes.joined(separator: ","))\t\(r.prefix)\t"
                        + "\(stamp.string(from: r.createdAt))\t\(r.revokedAt.map { stamp.string(from: $0) } ?? "-")\n")
            }
        }
    }
}

struct APIKeyRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a key: a running server refuses it (401) within a second.")

    @Argument(help: ArgumentHelp("The key's id (from `apikey list`).", valueName: "id"))
    var id: Int64

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard id > 0 else { throw ValidationError("the key id must be positive") }
    }

    func run() async throws {
        let id = id
        guard
            let record = try await database.withDatabase(
                logger: CLILogger.make(),
                { db in
                    try await APIKeyStore(database: db).revoke(id: id)
                })
        else {
            Terminal.note("error: no API key with id \(id)")
            throw APIKeyExitCode.notFound
        }
        Terminal.note("revoked key \(record.id) (\(record.client), prefix \(record.prefix))")
        StandardOutput.write("revoked \(record.id)\n")
    }
}
