import ArgumentParser
import FundChainCore

/// `fundchain graph cycles`: bounded simple cycles (circular flows).
struct GraphCyclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycles",
        abstract: "Simple cycles of at most K nodes (length,nodes), each from its smallest node id.",
        discussion: """
            One cycle per line: its length and its node ids joined by '>', rotated to start at its \
            smallest id. Self-loops are cycles of length 1. Lines come by smallest node, then \
            depth-first in id order. The same set as NetworkX's simple_cycles(G, length_bound=K).
            """
    )

    @OptionGroup var input: GraphInputOptions

    @Option(name: .customLong("max-length"), help: "Longest cycle to report, in nodes (K ≥ 1).")
    var maxLength: Int

    @Option(name: .customLong("min-amount"), help: "Only edges whose weight is at least this decimal.")
    var minAmount: String?

    func validate() throws {
        guard maxLength >= 1 else { throw ValidationError("--max-length must be at least 1") }
    }

    func run() async throws {
        let graph = try await input.load()
        var threshold: Int64?
        if let minAmount {
            do {
                threshold = try graph.amountThreshold(minAmount)
            } catch {
                GraphLog.error("--\(error)")
                throw GraphExitCode.badInput
            }
        }
        var out = GraphOutputWriter(format: input.format, columns: ["length", "nodes"])
        graph.forEachSimpleCycle(maxLength: maxLength, minAmount: threshold) { cycle in
            out.row(.number(String(cycle.count)), .list(cycle.map { graph.key($0) }))
        }
        GraphLog.info("cycles: \(out.rows)")
        out.finish()
    }
}
