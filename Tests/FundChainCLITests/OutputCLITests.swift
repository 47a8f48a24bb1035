import Foundation
import FundChainTestSupport
import Testing

/// Machine output meets Unix pipes.
@Suite struct OutputCLITests {
    /// `fundchain model score … | head -n 1` used to crash on the closed pipe (FileHandle.write's
    /// `try!` trapping on EPIPE, exit by SIGILL); it must stop quietly.
    @Test func aClosedPipeStopsTheOutputQuietly() throws {
        let card = try GraphCLITests.temporaryFile(
            """
            format: fundchain-scorecard/1
            id: pipe
            version: "1"
            description: one feature
            scaling: {base_score: 600, base_odds: 50, pdo: 20}
            base_points: 500
            features:
              - name: x
                type: numeric
                reason_code: X1
                reason_text: Low x
                bins:
                  - {max: 10, points: 0}
                  - {min: 10, points: 50}
                  - {missing: true, points: 0}
            grades:
              - {grade: A, min: 530}
              - {grade: B, max: 529}
            calibration: {method: scaling}
            """)
        // 20,000 rows of output (about 500 KB): far more than a pipe buffers.
        let data = try GraphCLITests.temporaryFile("id,x\n" + (0..<20_000).map { "firm\($0),\($0 % 20)\n" }.joined())
        let run = try CLIRun.run(
            "/bin/bash",
            [
                "-c",
                "set -o pipefail; \"$0\" model score --model \"$1\" --data \"$2\" --id-column id | head -n 1 > /dev/null",
                CLIRun.binary, card, data,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }
}
