import FundChainStore
import Logging
import ServiceLifecycle
import Synchronization

/// The audit log writer: requests hand it their row and wait; one writer task takes every row
/// pending at that moment and writes them in one INSERT (one commit), then answers each waiting
/// request. Under load the batches grow instead of the round trips multiplying; no row is
/// dropped: a request either sees its row committed or gets an error (and answers 503).
///
/// The writer flushes on a connection of its own (`AuditConnection`), opened when the first
/// flush needs it and again after a failure. A watchdog beside it enforces the timeout: a flush
/// still running `timeout` after it started is ended with `TimeoutError` and its connection
/// closed. (Before, each flush leased a pool connection inside a deadline of its own — a task
/// group with a sleeping timer —, which kept scores ~13 % slower under Benchmarks/server.)
final class AuditLog: Service, Sendable {
    struct Pending {
        var row: AuditStore.Row
        var continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var pending: [Pending] = []
        /// The writer, parked while nothing is pending.
        var writer: CheckedContinuation<Void, Never>?
        var stopping = false
    }

    /// The flush in progress: the writer waits for whichever ends it first, its statement or
    /// the watchdog.
    struct Flight {
        var number: UInt64
        var started: ContinuousClock.Instant
        var connection: AuditConnection
        var writer: CheckedContinuation<Void, any Error>
    }

    struct UnavailableError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    let store: AuditStore
    let batchLimit: Int
    let timeout: Duration
    let metrics: ServerMetrics
    let logger: Logger
    /// Held only to append or swap the pending list (no I/O, no await).
    let state = Mutex(State())
    let flight = Mutex<Flight?>(nil)

    init(store: AuditStore, batchLimit: Int, timeout: Duration, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.batchLimit = max(1, batchLimit)
        self.timeout = timeout
        self.metrics = metrics
        self.logger = logger
    }

    /// Returns once `row` is committed; throws `Unavailable` when it could not be written
    /// within the timeout, or the server is stopping.
    func record(_ row: AuditStore.Row) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (writer, refused) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
                if state.stopping { return (nil, true) }
                state.pending.append(Pending(row: row, continuation: continuation))
                defer { state.writer = nil }
                return (state.writer, false)
            }
            if refused { continuation.resume(throwing: UnavailableError(description: "the server is shutting down")) }
            writer?.resume()
        }
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watch() }
                var chain = AuditChainCursor()
                var connection: AuditConnection?
                var flights: UInt64 = 0
                while let batch = await nextBatch() {
                    await write(batch, chain: &chain, connection: &connection, flights: &flights)
                }
                await connection?.closeAndWait()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            let writer = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.stopping = true
                defer { state.writer = nil }
                return state.writer
            }
            writer?.resume()
        }
    }

    /// The rows pending now (at most `batchLimit`), waiting for one if there are none; `nil`
    /// once stopping and drained.
    func nextBatch() async -> [Pending]? {
        while true {
            enum Step { case batch([Pending]), wait, done }
            let step = state.withLock { state -> Step in
                if !state.pending.isEmpty {
                    if state.pending.count <= batchLimit {
                        defer { state.pending = [] }
                        return .batch(state.pending)
                    }
                    let batch = Array(state.pending.prefix(batchLimit))
                    state.pending.removeFirst(batchLimit)
                    return .batch(batch)
                }
                return state.stopping ? .done : .wait
            }
            switch step {
            case .batch(let batch): return batch
            case .done: return nil
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if !state.pending.isEmpty || state.stopping { return true }
                        state.writer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Writes the rows with their chain link (one statement) on `connection`, opening it first
    /// when there is none or it was closed; after a failure, whose outcome may be a commit nobody
    /// saw, the connection is closed and the next flush starts a new chain on a new one.
    func write(
        _ batch: [Pending], chain: inout AuditChainCursor, connection: inout AuditConnection?, flights: inout UInt64
    ) async {
        let rows = batch.map(\.row)
        let link = chain.link(rows)
        do {
            let current: AuditConnection
            if let open = connection, !open.isClosed {
                current = open
            } else {
                let store = self.store
                current = try await withDeadline(timeout) { try await store.connect() }
                connection = current
            }
            flights &+= 1
            let number = flights
            try await withCheckedThrowingContinuation { (writer: CheckedContinuation<Void, any Error>) in
                flight.withLock {
                    $0 = Flight(number: number, started: .now, connection: current, writer: writer)
                }
                // The statement runs in a task of its own so that the watchdog can end the flight
                // even when the statement never returns (PostgresNIO 1.33.2 drops a query written
                // to a connection closing at that moment, and never completes it).
                Task {
                    do {
                        try await current.insert(rows, link: link)
                        self.land(number, .success(()))
                    } catch {
                        self.land(number, .failure(error))
                    }
                }
            }
        } catch {
            await connection?.closeAndWait()
            connection = nil
            chain = AuditChainCursor()
            metrics.auditFailed(rows: rows.count)
            logger.warning(
                "audit batch not written", metadata: ["fundchain.rows": "\(rows.count)", "fundchain.error": "\(error)"])
            let failure = UnavailableError(description: "the audit log cannot be written")
            for pending in batch { pending.continuation.resume(throwing: failure) }
            return
        }
        chain.advance(past: link)
        metrics.auditWritten(rows: rows.count)
        for pending in batch { pending.continuation.resume() }
    }

    /// Ends flight `number` with `result`, unless it has ended already.
    func land(_ number: UInt64, _ result: Result<Void, any Error>) {
        let writer = flight.withLock { flight -> CheckedContinuation<Void, any Error>? in
            guard let current = flight, current.number == number else { return nil }
            flight = nil
            return current.writer
        }
        writer?.resume(with: result)
    }

    /// Until cancelled: ends a flight that has run for `timeout` with `TimeoutError` and closes its
    /// connection, a quarter of the timeout at most after it expired.
    func watch() async {
        let period = max(timeout / 4, .milliseconds(10))
        while (try? await Task.sleep(for: period)) != nil {
            let expired = flight.withLock { flight -> Flight? in
                guard let current = flight, ContinuousClock.now - current.started >= timeout else { return nil }
                flight = nil
                return current
            }
            guard let expired else { continue }
            expired.connection.close()
            expired.writer.resume(throwing: TimeoutError(limit: timeout))
        }
    }
}
