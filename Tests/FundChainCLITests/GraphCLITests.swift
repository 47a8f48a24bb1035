import Foundation
import FundChainTestSupport
import Testing

/// `fundchain graph …` end to end: runs the built binary on the NetworkX fixtures and on small
/// files written here.
@Suite struct GraphCLITests {
    static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures/graph")

    static func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fc-graph-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test(arguments: ["random-int", "unweighted-quoted"])
    func componentsOutputIsByteIdenticalToNetworkX(name: String) throws {
        let edges = Self.fixture(name + ".edges.csv")
        for kind in ["scc", "wcc"] {
            let run = try CLIRun.run(["graph", kind, "--edges", edges])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == (try String(contentsOfFile: Self.fixture("\(name).\(kind).csv"), encoding: .utf8)))
        }
    }

    @Test func pageRankOutputMatchesNetworkX() throws {
        let run = try CLIRun.run([
            "graph", "pagerank", "--edges", Self.fixture("powerlaw-text.edges.csv"), "--tolerance", "1e-15",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let got = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let want = try String(contentsOfFile: Self.fixture("powerlaw-text.pagerank.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(got.count == want.count)
        for (g, w) in zip(got, want) {
            #expect(g[0] == w[0])
            #expect(abs(Double(g[1])! - Double(w[1])!) < 1e-9)
        }
    }

    @Test func cyclesOutputMatchesNetworkX() throws {
        let run = try CLIRun.run([
            "graph", "cycles", "--edges", Self.fixture("random-int.edges.csv"), "--max-length", "5", "--min-amount",
            "2500",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let got = Set(run.stdout.split(separator: "\n").dropFirst())
        let want = Set(
            try String(contentsOfFile: Self.fixture("random-int.cycles-5-min-2500.csv"), encoding: .utf8)
                .split(separator: "\n").dropFirst())
        #expect(got == want)
    }

    @Test func jsonFormat() throws {
        let file = try Self.temporaryFile("source,target,weight\nb,a,2\na,b,1.5\n")
        let run = try CLIRun.run(["graph", "cycles", "--edges", file, "--max-length", "3", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect(json?.count == 1)
        #expect(json?.first?["length"] as? Int == 2)
        #expect(json?.first?["nodes"] as? [String] == ["a", "b"])
    }

    @Test func chainContagionAndCommunitiesOnAFileNobodySaw() throws {
        let file = try Self.temporaryFile("source,target,weight\nF,S1,300\nF,S2,100\nS1,T,50\nS2,T,10\n")
        let chain = try CLIRun.run([
            "graph", "chain", "--edges", file, "--firm", "F", "--direction", "upstream", "--depth", "2",
        ])
        #expect(chain.status == 0, "\(chain.stderr)")
        #expect(
            chain.stdout
                == "depth,path,amount,share\n1,F>S1,300,0.75\n2,F>S1>T,50,0.75\n1,F>S2,100,0.25\n2,F>S2>T,10,0.25\n")
        let contagion = try CLIRun.run(["graph", "contagion", "--edges", file, "--distressed", "S1"])
        #expect(contagion.status == 0, "\(contagion.stderr)")
        // T's inflow: 50 from S1, 10 from S2 → exposure to S1 = 5/6.
        #expect(contagion.stdout == "node,stress\nF,0.0\nS1,1.0\nS2,0.0\nT,\(5.0 / 6)\n")
        let communities = try CLIRun.run(["graph", "communities", "--edges", file, "--seed", "3"])
        #expect(communities.status == 0)
        #expect(communities.stdout.hasPrefix("node,community\nF,0\n"))
    }

    @Test(arguments: [
        ("source,target,weight\na,b,1\nc,d,abc\n", "line 3"),
        ("source,target,weight\na,b,-4\n", "line 2"),
        ("source,dest\na,b\n", "line 1"),
        ("", "empty file"),
    ])
    func badFilesFailWithTheLine(text: String, expected: String) throws {
        let file = try Self.temporaryFile(text)
        let run = try CLIRun.run(["graph", "scc", "--edges", file])
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(file) && run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func unknownFirmAndMissingFile() throws {
        let file = try Self.temporaryFile("source,target\na,b\n")
        let run = try CLIRun.run(["graph", "contagion", "--edges", file, "--distressed", "a,zz"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("'zz'"))
        let missing = try CLIRun.run(["graph", "wcc", "--edges", "/nonexistent/edges.csv"])
        #expect(missing.status == 66)
        let invalid = try CLIRun.run(["graph", "cycles", "--edges", file, "--max-length", "0"])
        #expect(invalid.status == 64)
    }
}
