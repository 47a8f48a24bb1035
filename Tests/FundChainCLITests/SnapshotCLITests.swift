import Foundation
import FundChainCore
import FundChainReports
import FundChainStore
import FundChainTestSupport
import Testing

@testable import fundchain

/// `fundchain snapshot …` without a database: argument checking, the report and JSON writers.
/// (Database runs: FundChainStoreTests/SnapshotAuditTests runs the binary against real builds.)
@Suite struct SnapshotCLITests {
    static let nowhere = ["--database", "postgres://nobody@127.0.0.1:1/x"]

    @Test func helpListsTheSubcommands() throws {
        let run = try CLIRun.run(["snapshot", "--help"])
        #expect(run.status == 0)
        for command in ["list", "show", "diff", "verify", "proof", "export"] { #expect(run.stdout.contains(command)) }
    }

    @Test(arguments: [
        (["snapshot", "verify", "--batch", "1", "--all"], "give one of --batch, --firm or --all"),
        (["snapshot", "verify", "--firm", "91500000NOTACODE00"], "91500000NOTACODE00"),
        (["snapshot", "verify", "--batch", "0"], "--batch must be positive"),
        (["snapshot", "list", "--format", "xml"], "xml"),
        (["snapshot", "show", "0"], "snapshot id must be positive"),
        (["snapshot", "export", "3", "--format", "pdf"], "pdf"),
        (["snapshot", "proof", "-2"], "Missing expected argument '<id>'"),  // -2 reads as an option
        (["snapshot", "diff", "1"], "new"),
    ])
    func checksArgumentsBeforeTheDatabase(arguments: [String], message: String) throws {
        let run = try CLIRun.run(arguments + Self.nowhere)
        #expect(run.status == 64, "\(run.stderr)")  // EX_USAGE: validation, not a connection error
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    static let body =
        #"{"as_of":"2025-03-31","feature_points":{"inflow_12m_yuan":40,"x_new":3},"features":{"inflow_12m_yuan":1300.5,"x_new":1},"firm":{"founded_on":"2018-03-03","industry":"G5431","is_core":false,"name":"<script>alert('重庆丙')</script> & Co","region":"500103001","uscc":"91500103MA5U00003N"},"format":"fundchain-snapshot/1","input_fingerprint":"fp","model":{"id":"sme-cashflow","sha256":"ab","version":"1"},"products":null,"reasons":[{"code":"CF01","evidence":[{"kind":"k","text":"a < b","value":null}],"feature":"inflow_12m_yuan","peer_percentile":null,"points_lost":5,"text":"Low \"inflow\"","value":1300.5}],"score":{"grade":"B","pd":0.0123,"points":590},"window":{"first_month":"2024-04","last_month":"2025-03","months":12}}"#

    static func snapshot(prev: String?) -> StoredSnapshot {
        StoredSnapshot(
            id: 7, batchID: 3, uscc: "91500103MA5U00003N", asOf: CalendarDate(year: 2025, month: 3, day: 31)!,
            score: 590,
            pd: 0.0123, grade: "B", inputFingerprint: "fp", body: Array(body.utf8), prevHash: prev,
            hash: String(repeating: "c", count: 64))
    }

    @Test func reportEscapesEverythingAndLoadsNothing() throws {
        let snapshot = Self.snapshot(prev: String(repeating: "b", count: 64))
        let proof = SnapshotProof(
            snapshotID: 7, batchID: 3, uscc: snapshot.uscc, hash: snapshot.hash, leafIndex: 0, treeSize: 1,
            merkleRoot: String(repeating: "d", count: 64), auditPath: [])
        let html = SnapshotReportHTML.render(
            .init(snapshot: snapshot, body: try SnapshotBody(parsing: snapshot.body), proof: proof))
        #expect(!html.contains("<script") && !html.contains("alert('"))
        #expect(html.contains("&lt;script&gt;alert(&#39;重庆丙&#39;)&lt;/script&gt; &amp; Co  91500103MA5U00003N"))
        #expect(html.contains("CF01 Low &quot;inflow&quot; (−5 points)") && html.contains("<li>a &lt; b</li>"))
        #expect(html.contains("<td>inflow_12m_yuan</td><td class=\"num\">¥1,300.50</td><td class=\"num\">40</td>"))
        #expect(html.contains("<td>x_new</td>"))  // a scored feature the catalog does not know yet
        #expect(
            html.contains("<td>Score 590</td>") == false
                && html.contains("<span>Score 590</span><span>PD 1.23 %</span><span>Grade B</span>"))
        #expect(html.contains(String(repeating: "b", count: 64)) && html.contains(String(repeating: "d", count: 64)))
        #expect(html.contains("leaf 0 of 1 · DOES NOT CHECK"))  // the made-up root is not the leaf's
        #expect(html.contains("@page { size: A4"))
        for external in ["src=", "href=", "<link", "@import", "url("] {
            #expect(!html.contains(external), "\(external)")
        }
    }

    @Test func jsonEnvelopeSplicesTheStoredBody() throws {
        let first = String(decoding: SnapshotJSON.envelope(Self.snapshot(prev: nil)), as: UTF8.self)
        #expect(
            first == #"{"batch_id":3,"body":"# + Self.body + #","hash":""# + String(repeating: "c", count: 64)
                + #"","prev_hash":null,"snapshot_id":7}"# + "\n")
        let later = SnapshotJSON.envelope(Self.snapshot(prev: String(repeating: "b", count: 64)))
        let parsed = try JSONValue(parsing: Array(later.dropLast()))
        #expect(parsed.canonicalBytes() == Array(later.dropLast()))  // still canonical
        #expect(parsed["prev_hash"] == .string(String(repeating: "b", count: 64)))
    }
}
