import FundChainStore
import Logging
import ServiceLifecycle
import Synchronization

/// The audit log writer: requests hand it their row and wait; one writer task takes every row
/// pending at that moment and writes them in one INSERT (one commit), then answers each waiting
/// request. Under load the batches grow instead of the round trips multiplying; no row is
/// dropped: a request either sees its row committed or gets an error (and answers 503).
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
            var chain = AuditChainCursor()
            while let batch = await nextBatch() {
                await write(batch, chain: &chain)
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

    /// Writes the rows with their chain link (one statement); after a failure, whose outcome
    /// may be a commit nobody saw, the next flush starts a new chain.
    func write(_ batch: [Pending], chain: inout AuditChainCursor) async {
        let rows = batch.map(\.row)
        let store = self.store
        let link = chain.link(rows)
        do {
            try await withDeadline(timeout) { try await store.insert(rows, link: link) }
            chain.advance(past: link)
            metrics.auditWritten(rows: rows.count)
            for pending in batch { pending.continuation.resume() }
        } catch {
            chain = AuditChainCursor()
            metrics.auditFailed(rows: rows.count)
            logger.warning(
                "audit batch not written", metadata: ["fundchain.rows": "\(rows.count)", "fundchain.error": "\(error)"])
            let failure = UnavailableError(description: "the audit log cannot be written")
            for pending in batch { pending.continuation.resume(throwing: failure) }
        }
    }
}
