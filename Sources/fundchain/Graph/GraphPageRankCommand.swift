import ArgumentParser
import Foundation
import FundChainCore

/// `fundchain graph pagerank`: weighted PageRank, as NetworkX computes it.
struct GraphPageRankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pagerank",
        abstract: "Weighted PageRank of every node (node,pagerank).",
        discussion: """
            Edge weights are the amounts. Dangling nodes spread their mass uniformly, and the \
            iteration stops when the L1 change falls below nodes × tolerance, as NetworkX's \
            pagerank(G, weight=...) does.
            """
    )

    @OptionGroup var input: GraphInputOptions

    @Option(help: "Damping factor (probability of following an edge), in (0, 1].")
    var damping: Double = 0.85

    @Option(help: "Convergence tolerance per node (stop when the L1 change < nodes × tolerance).")
    var tolerance: Double = 1e-10

    @Option(name: .customLong("max-iterations"), help: "Give up after this many iterations.")
    var maxIterations: Int = 1000

    @Option(help: "Threads for the iteration (default: the processor count).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard damping > 0, damping <= 1 else { throw ValidationError("--damping must be in (0, 1]") }
        guard tolerance > 0, tolerance.isFinite else { throw ValidationError("--tolerance must be positive") }
        guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let graph = try await input.load()
        let started = ContinuousClock.now
        // Parallel blocks only pay on large graphs (see Benchmarks/graph/README.md).
        let parallelism = graph.edgeCount >= 500_000 ? threads : 1
        let options = PageRankOptions(
            damping: damping, tolerance: tolerance, maxIterations: maxIterations, parallelism: parallelism)
        let result = graph.pageRank(options)
        GraphLog.info(
            "pagerank: \(result.iterations) iterations on \(parallelism) thread(s) in \(ContinuousClock.now - started)")
        guard result.converged else {
            GraphLog.error(
                "pagerank did not converge in \(maxIterations) iterations; raise --max-iterations or --tolerance")
            throw GraphExitCode.notConverged
        }
        var out = GraphOutputWriter(format: input.format, columns: ["node", "pagerank"])
        for v in 0..<Int32(graph.nodeCount) {
            out.row(.text(graph.key(v)), .number(result.scores[Int(v)].exactText))
        }
        out.finish()
    }
}
