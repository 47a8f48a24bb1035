/// A confidence interval for a default rate observed as `defaults` of `firms`.
public struct BinomialInterval: Sendable, Hashable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    /// Jeffreys' interval: the equal-tailed `level` interval of the Beta(d + ½, n − d + ½)
    /// posterior, with the lower end 0 when there are no defaults and the upper end 1 when all
    /// defaulted (Brown, Cai and DasGupta 2001). The interval supervisors use to test a grade's
    /// PD against its observed rate (e.g. the ECB's instructions for IRB validation reporting).
    public static func jeffreys(defaults: Int, firms: Int, level: Double = 0.95) -> BinomialInterval {
        precondition(firms > 0 && (0...firms).contains(defaults), "need 0 ≤ defaults ≤ firms, firms > 0")
        let a = Double(defaults) + 0.5, b = Double(firms - defaults) + 0.5
        let tail = (1 - level) / 2
        return BinomialInterval(
            low: defaults == 0 ? 0 : SpecialFunctions.inverseRegularizedBeta(tail, a: a, b: b),
            high: defaults == firms ? 1 : SpecialFunctions.inverseRegularizedBeta(1 - tail, a: a, b: b))
    }

    public func contains(_ rate: Double) -> Bool { low <= rate && rate <= high }
}
