import ArgumentParser
import Foundation
import FundChainCore
import FundChainStore

/// Output formats of `fundchain graph`.
enum GraphOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

/// Exit codes of `fundchain graph` (sysexits.h meanings).
enum GraphExitCode {
    /// The edge list or an id given on the command line is invalid (EX_DATAERR).
    static let badInput = ExitCode(65)
    /// The edge file cannot be read (EX_NOINPUT).
    static let noInput = ExitCode(66)
    /// PageRank did not converge within --max-iterations (EX_SOFTWARE).
    static let notConverged = ExitCode(70)
}

/// The options every `fundchain graph` subcommand shares.
struct GraphInputOptions: ParsableArguments {
    @Option(
        name: .long, help: "Edge list CSV with header source,target[,weight]. Without it: the database's flow_edges.")
    var edges: String?

    @Option(
        name: .customLong("as-of"),
        help:
            "Database mode: the window ends with the last month complete on this date, YYYY-MM-DD (default: the latest month with flows), as for `fundchain build`."
    )
    var asOf: String?

    @Option(name: .customLong("window-months"), help: "Database mode: months in the window.")
    var windowMonths = 12

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: csv or json.")
    var format: GraphOutputFormat = .csv

    func validate() throws {
        guard edges?.isEmpty != true else { throw ValidationError("--edges needs a file path") }
        guard (1...120).contains(windowMonths) else {
            throw ValidationError("--window-months must be between 1 and 120")
        }
        if let asOf, (try? CalendarDate(parsing: asOf)) == nil { throw ValidationError("--as-of must be YYYY-MM-DD") }
    }

    /// Reads and builds the graph (from the file, else from the database's monthly flows),
    /// reporting size and time on stderr.
    func load() async throws -> CapitalFlowGraph {
        guard let edges else { return try await loadFromDatabase() }
        let started = ContinuousClock.now
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: edges), options: .alwaysMapped)
        } catch {
            GraphLog.error("\(edges): cannot read: \(error.localizedDescription)")
            throw GraphExitCode.noInput
        }
        do {
            let graph = try data.withUnsafeBytes { (bytes) throws(GraphError) in try EdgeListParser.parse(bytes) }
            let elapsed = ContinuousClock.now - started
            GraphLog.info(
                "\(edges): \(graph.nodeCount) nodes, \(graph.edgeCount) edges (\(graph.selfLoopCount) self-loops), "
                    + "\(graph.residentBytes / max(1, graph.edgeCount)) bytes/edge resident, loaded in \(elapsed)")
            return graph
        } catch {
            GraphLog.error("\(edges): \(error)")
            throw GraphExitCode.badInput
        }
    }
}

extension GraphInputOptions {
    func loadFromDatabase() async throws -> CapitalFlowGraph {
        let asOf = try self.asOf.map { try CalendarDate(parsing: $0) }
        let windowMonths = self.windowMonths
        let (flows, window) = try await database.withDatabase(logger: CLILogger.make()) { db in
            let window: ClosedRange<Int>
            if let asOf {
                window = BuildWindow(asOf: asOf, months: windowMonths).monthRange
            } else if let last = try await FlowEdgeStore.latestMonth(db) {
                window = BuildWindow(endingWith: last, months: windowMonths).monthRange
            } else {
                throw ValidationError("the database has no flows yet: ingest transactions first, or give --edges FILE")
            }
            return (try await FlowEdgeStore.flows(db, months: window), window)
        }
        let graph = try CapitalFlowGraph(flows: flows, months: window)
        GraphLog.info(
            "flow_edges \(CalendarDate(monthIndex: window.lowerBound))…\(CalendarDate(monthIndex: window.upperBound)): "
                + "\(graph.nodeCount) nodes, \(graph.edgeCount) edges")
        return graph
    }
}

/// Resolves node ids given on the command line.
extension CapitalFlowGraph {
    func requireNode(_ id: String, option: String) throws -> Int32 {
        guard let node = node(id) else {
            GraphLog.error("--\(option): no node with id '\(id)' in the edge list")
            throw GraphExitCode.badInput
        }
        return node
    }
}

/// Progress and errors on stderr.
enum GraphLog {
    static func info(_ message: String) { write("fundchain graph: " + message + "\n") }
    static func error(_ message: String) { write("error: " + message + "\n") }
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { p in _ = Foundation.write(2, p.baseAddress, p.count) }
    }
}
