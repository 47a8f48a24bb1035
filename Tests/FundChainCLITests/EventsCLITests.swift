import Foundation
import FundChainTestSupport
import Testing

/// `fundchain events import` argument checking and help (no database needed: validate() runs first).
@Suite struct EventsCLITests {
    @Test func helpNamesTheColumnsAndTheEvents() throws {
        let run = try CLIRun.run(["events", "import", "--help"])
        #expect(run.status == 0)
        let text = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")  // help wraps lines
        #expect(text.contains("uscc,event,event_date[,bank,reference]"))
        #expect(text.contains("default, overdue_90, restructured, written_off") && text.contains("--strict"))
    }

    @Test func aMissingFileIsRefusedBeforeConnecting() throws {
        let run = try CLIRun.run([
            "events", "import", "/nonexistent/credit_events.csv", "--database", "postgres://nowhere.invalid/x",
        ])
        #expect(run.status != 0 && run.stderr.contains("/nonexistent/credit_events.csv: no such readable file"))
    }
}
