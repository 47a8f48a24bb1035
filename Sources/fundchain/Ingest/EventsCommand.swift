import ArgumentParser
import FundChainCore
import FundChainStore

/// `fundchain events`: credit events reported by banks (README.md, "Credit events").
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Load credit events (defaults, 90-day arrears, restructurings, write-offs) reported by banks.",
        discussion: """
            A firm is in default from its first default, overdue_90 or written_off event; \
            restructured alone is not a default. Events are append-only evidence for backtests.
            """,
        subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load credit events from CSV: uscc,event,event_date[,bank,reference].",
            discussion: """
                Like `fundchain ingest`: every row read ends loaded, duplicate (the same firm, event, \
                date, bank and reference again) or rejected with its line, field and reason \
                (ingest_rejects); the run is recorded in ingest_runs. event is one of \
                \(CreditEventKind.allCases.map(\.rawValue).joined(separator: ", ")); event_date is \
                YYYY-MM-DD and not after today in China Standard Time; the firm must be in firms; \
                bank and reference may be absent or empty.
                """)

        @OptionGroup var options: CSVImportOptions

        func run() async throws { try await options.run(.creditEvents) }
    }
}
