/// The flows behind a firm's counterparty and graph features, kept for reason-code evidence.
/// Firms are indices into the build's firm list.
public struct FirmEvidence: Sendable, Hashable {
    /// Largest covered payers in the last 12 months, largest first (at most 3).
    public var topCustomers: [GraphFeatures.Link] = []
    /// All inflow in the last 12 months, the outside world included (fen).
    public var inflowTotal: Int64 = 0
    /// Largest covered payees in the last 12 months, largest first (at most 3).
    public var topSuppliers: [GraphFeatures.Link] = []
    /// All outflow in the last 12 months (fen).
    public var outflowTotal: Int64 = 0
    /// The last day with an inflow, if any.
    public var lastInflow: CalendarDate?
    public var graph = GraphFeatures.Evidence()

    public init() {}
}
