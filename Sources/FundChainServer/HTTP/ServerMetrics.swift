import Foundation
import Prometheus
import Synchronization

/// The service's Prometheus metrics, on a registry of its own (not the process-global
/// `MetricsSystem`, which can be bootstrapped once only: tests run several servers in one process).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    let reloadsOK: Counter
    let reloadsFailed: Counter
    /// Batches not served because their checkpoint signature or Merkle root did not verify.
    let reloadsRefused: Counter
    let auditRows: Counter
    let auditBatches: Counter
    let auditFailures: Counter
    let snapshotAge: Gauge
    let batchID: Gauge
    let firms: Gauge
    let consents: Gauge

    init() {
        func d(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "fundchain", metricName: name, unitName: unit, helpText: help)
        }
        reloadsOK = registry.makeCounter(
            descriptor: d("reloads", "total", "Snapshot batch loads, by outcome."), labels: [("outcome", "ok")])
        reloadsFailed = registry.makeCounter(
            descriptor: d("reloads", "total", "Snapshot batch loads, by outcome."), labels: [("outcome", "failed")])
        reloadsRefused = registry.makeCounter(
            descriptor: d("reloads", "total", "Snapshot batch loads, by outcome."), labels: [("outcome", "refused")])
        auditRows = registry.makeCounter(descriptor: d("audit_rows", "total", "Audit rows committed."))
        auditBatches = registry.makeCounter(descriptor: d("audit_batches", "total", "Audit INSERTs committed."))
        auditFailures = registry.makeCounter(
            descriptor: d(
                "audit_failures", "total", "Audit rows that could not be written (their requests answered 503)."))
        snapshotAge = registry.makeGauge(
            descriptor: d("snapshot_age", "seconds", "Seconds since the served snapshot batch was committed."))
        batchID = registry.makeGauge(descriptor: d("snapshot_batch", "id", "The served snapshot batch."))
        firms = registry.makeGauge(descriptor: d("firms", "loaded", "Firms in the served snapshot batch."))
        consents = registry.makeGauge(
            descriptor: d("consents", "loaded", "Consents not revoked or expired, held for checks."))
    }

    struct RouteStatus: Hashable {
        var route: String
        var status: Int
    }

    /// Each route and status's counter and histogram, made on first use (the registry's own
    /// lookup builds the metric's name and labels every time).
    let perRoute = Mutex<[RouteStatus: (Counter, DurationHistogram)]>([:])

    /// One finished request. `route` is the OpenAPI operation id (or `unmatched`).
    func request(route: String, status: Int, duration: Duration) {
        let key = RouteStatus(route: route, status: status)
        let (counter, histogram) = perRoute.withLock { metrics in
            if let existing = metrics[key] { return existing }
            let made = makeRouteMetrics(key)
            metrics[key] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
    }

    func makeRouteMetrics(_ key: RouteStatus) -> (Counter, DurationHistogram) {
        let labels = [("route", key.route), ("status", String(key.status))]
        let counter = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "fundchain", subsystem: "http", metricName: "requests", unitName: "total",
                helpText: "HTTP requests, by route and status."), labels: labels)
        let histogram = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "fundchain", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                helpText: "HTTP request latency, by route and status."), labels: labels, buckets: Self.buckets)
        return (counter, histogram)
    }

    func auditWritten(rows: Int) {
        auditRows.increment(by: Int64(rows))
        auditBatches.increment()
    }

    func auditFailed(rows: Int) { auditFailures.increment(by: Int64(rows)) }

    /// The exposition text, with the snapshot age brought up to date.
    func exposition(batchCreatedAt: Date?) -> [UInt8] {
        if let batchCreatedAt { snapshotAge.set(Date().timeIntervalSince(batchCreatedAt)) }
        return registry.emitToBuffer()
    }
}
