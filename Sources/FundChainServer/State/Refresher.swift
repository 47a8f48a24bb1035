import Foundation
import FundChainCore
import FundChainStore
import Logging
import PostgresNIO
import ServiceLifecycle

/// Keeps `LiveState` current: loads the latest snapshot batch at start and again whenever a
/// build announces one (LISTEN `fundchain_snapshots`), reloads API keys on
/// `fundchain_api_keys` and consents on `fundchain_consents`, and probes PostgreSQL every
/// `probeInterval` (readiness, plus a catch-up for notifications missed while the listener was
/// disconnected: the latest batch id and the consents' change marker are compared on every probe,
/// so a consent revoked by any route takes effect within about one probe interval; API keys are
/// re-read on every probe, for the same reason).
///
/// A reload builds the new `ServingState` beside the old one and swaps it in whole: requests
/// never see a half-loaded batch and never wait for a load.
struct Refresher: Service {
    enum Trigger: Sendable { case snapshots, keys, consents }

    let database: Database
    let state: LiveState
    let metrics: ServerMetrics
    let configuration: ServerConfiguration
    let logger: Logger

    func run() async throws {
        let (triggers, continuation) = AsyncStream.makeStream(of: Trigger.self, bufferingPolicy: .bufferingNewest(8))
        continuation.yield(.keys)
        continuation.yield(.consents)
        continuation.yield(.snapshots)
        await withDiscardingTaskGroup { group in
            group.addTask { await probeLoop(continuation) }
            group.addTask { await listenLoop(SnapshotStore.channel, .snapshots, continuation) }
            group.addTask { await listenLoop(APIKeyStore.channel, .keys, continuation) }
            group.addTask { await listenLoop(ConsentStore.channel, .consents, continuation) }
            group.addTask {
                for await trigger in triggers {
                    switch trigger {
                    case .snapshots: await reloadSnapshots()
                    case .keys: await reloadKeys()
                    case .consents: await reloadConsents()
                    }
                }
            }
            // Until shutdown (or cancellation): then the loops stop together.
            try? await gracefulShutdown()
            continuation.finish()
            group.cancelAll()
        }
    }

    /// Pings PostgreSQL (reading the latest batch id) with a deadline; flags readiness and asks
    /// for a reload when the batch changed without a notification reaching us.
    func probeLoop(_ triggers: AsyncStream<Trigger>.Continuation) async {
        let store = SnapshotStore(database: database, view: .served)
        while !Task.isCancelled {
            do {
                let latest = try await withDeadline(configuration.databaseTimeout) { try await store.latestBatch() }
                let wasUp = state.databaseUp.exchange(true, ordering: .relaxed)
                if !wasUp { logger.info("PostgreSQL reachable") }
                if let latest, latest.id != state.snapshots?.batch.id { triggers.yield(.snapshots) }
                let marker = try await withDeadline(configuration.databaseTimeout) {
                    try await ConsentStore(database: database).marker()
                }
                if marker != state.consentMarker.withLock({ $0 }) { triggers.yield(.consents) }
                // Keys are few: re-read on every probe, so a key revoked or re-scoped by plain SQL
                // (no NOTIFY) is refused within one probe interval too.
                triggers.yield(.keys)
            } catch {
                if state.databaseUp.exchange(false, ordering: .relaxed) {
                    logger.warning(
                        "PostgreSQL unreachable", metadata: ["fundchain.error": "\(Database.describe(error))"])
                }
            }
            try? await Task.sleep(for: configuration.probeInterval)
        }
    }

    /// LISTENs on `channel` on a connection of its own, reconnecting after a failure.
    func listenLoop(_ channel: String, _ trigger: Trigger, _ triggers: AsyncStream<Trigger>.Continuation) async {
        while !Task.isCancelled {
            do {
                try await database.client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Anything committed before LISTEN took effect is caught by this reload.
                        triggers.yield(trigger)
                        for try await _ in notifications { triggers.yield(trigger) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug(
                    "LISTEN \(channel) interrupted", metadata: ["fundchain.error": "\(Database.describe(error))"])
            }
            try? await Task.sleep(for: configuration.probeInterval)
        }
    }

    /// Loads the latest batch unless it is served already or was refused. With public keys
    /// configured, only a batch whose signed checkpoint verifies (`ServingState.verifiedCheckpoint`)
    /// and whose snapshots give its signed root is installed; a refused one leaves the served
    /// batch in place (none: 503), counts in `fundchain_reloads_total{outcome="refused"}` and is
    /// logged once, with why.
    func reloadSnapshots() async {
        let store = SnapshotStore(database: database, view: .served)
        var candidate: Int64?
        do {
            guard let batch = try await store.latestBatch() else { return }
            if batch.id == state.snapshots?.batch.id || batch.id == state.refusedBatch.load(ordering: .relaxed) {
                return
            }
            candidate = batch.id
            let clock = ContinuousClock()
            let start = clock.now
            var checkpoint: Checkpoint?
            if !configuration.publicKeys.isEmpty {
                checkpoint = try await ServingState.verifiedCheckpoint(
                    of: batch, keys: configuration.publicKeys, from: database)
            }
            let serving = try await ServingState.load(batch, from: database, checkpoint: checkpoint)
            state.install(serving)
            metrics.reloadsOK.increment()
            metrics.batchID.set(Double(batch.id))
            metrics.firms.set(Double(serving.count))
            logger.info(
                "serving snapshot batch",
                metadata: [
                    "fundchain.batch": "\(batch.id)", "fundchain.firms": "\(serving.count)",
                    "fundchain.seconds": "\(clock.now - start)",
                ])
        } catch let refused as ServingState.RefusedError {
            state.refusedBatch.store(candidate ?? refused.batchID, ordering: .relaxed)
            metrics.reloadsRefused.increment()
            logger.error(
                "snapshot batch refused: its signed checkpoint does not verify",
                metadata: [
                    "fundchain.batch": "\(refused.batchID)", "fundchain.reason": "\(refused.reason)",
                    "fundchain.served_batch": "\(state.snapshots.map { String($0.batch.id) } ?? "none")",
                ])
        } catch {
            metrics.reloadsFailed.increment()
            logger.warning("snapshot reload failed", metadata: ["fundchain.error": "\(Database.describe(error))"])
        }
    }

    /// Re-reads the consents that can still hold (`ConsentStore.current`), as of today in China
    /// Standard Time; whether each holds on the day of a request is checked per request.
    func reloadConsents() async {
        do {
            let store = ConsentStore(database: database)
            let marker = try await store.marker()
            let today = Consent.day(atSecondsSince1970: Date().timeIntervalSince1970)
            let book = ConsentBook(try await store.current(on: today))
            state.install(book)
            state.consentMarker.withLock { $0 = marker }
            metrics.consents.set(Double(book.count))
        } catch {
            logger.warning("consent reload failed", metadata: ["fundchain.error": "\(Database.describe(error))"])
        }
    }

    func reloadKeys() async {
        do {
            let records = try await APIKeyStore(database: database).all()
            state.install(KeyRing(records))
        } catch {
            logger.warning("API key reload failed", metadata: ["fundchain.error": "\(Database.describe(error))"])
        }
    }
}
