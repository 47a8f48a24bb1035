import FundChainCore

/// The synthetic regional economy: firms, their accounts, their supplier relationships over
/// the window, their latent health and default outcome, and the planted rings. Built once from
/// the configuration (deterministically for its seed), then read — concurrently — by the
/// statement writers month by month. Struct of arrays, indexed by firm id (0..<firms).
struct Economy: Sendable {
    let config: GeneratorConfiguration
    let calendar: SyntheticCalendar

    // Firms.
    var role: [EconomyRole] = []
    var industry: [String] = []
    var region: [String] = []
    var uscc: [String] = []
    var names = ByteTable()
    var founded: [CalendarDate] = []
    /// Typical monthly revenue in yuan (a modelling quantity; every amount written is whole fen).
    var revenue: [Double] = []
    /// Expected monthly sales paid from outside the covered accounts, in yuan: what balances the
    /// firm's revenue after its covered customers' expected payments (see `balanceSales`).
    var outsideSales: [Double] = []

    // Accounts (CSR by firm; the first account of a firm is its main account).
    var accountStart: [Int32] = [0]
    var accountBank: [UInt8] = []
    var accountFirm: [Int32] = []
    var accountNumbers = ByteTable()
    var accountOpened: [CalendarDate] = []
    /// Pre-joined row fragments: `bank_code,account_no` of the holder, and
    /// `account_no,name,bank_code` as a counterparty.
    var accountHolderFields = ByteTable()
    var accountCounterpartyFields = ByteTable()

    // Supplier relationships (CSR by paying firm): supplier, share of the payer's purchases,
    // and the months [from, to) in which the relationship is active.
    var relationStart: [Int32] = [0]
    var relationSupplier: [Int32] = []
    var relationShare: [Float] = []
    var relationFrom: [UInt8] = []
    var relationTo: [UInt8] = []

    // Latent health and outcome.
    var defaulted: [Bool] = []
    /// Defaulted through contagion (a major customer defaulted first).
    var contagion: [Bool] = []
    /// Month (0-based) at which visible distress starts; `Int16.max` for none.
    var onset: [Int16] = []
    /// How far inflows fall by the end of the window (0 for a silent default).
    var strength: [Float] = []
    /// Month (0-based, may lie after the window) the firm goes into default; `Int16.max` for
    /// none. `defaulted[i]` ⇔ `defaultMonth[i] < months + 12`.
    var defaultMonth: [Int16] = []
    /// Month at which the distress ramp from `onset` reaches its full `strength`: the end of the
    /// window for defaults after it, the default month for defaults inside it (`Economy+History`).
    var distressEnd: [Int16] = []
    /// Each firm's default log-odds over 12 months (before contagion), from its latent health.
    var defaultLogit: [Double] = []
    /// The dated credit events of `credit_events.csv`, by firm and date.
    var creditEvents: [SyntheticCreditEvent] = []
    /// A temporary dip [dipStart, dipEnd) of depth `dipDepth` (healthy firms have bad months too).
    var dipStart: [Int16] = []
    var dipEnd: [Int16] = []
    var dipDepth: [Float] = []
    var volatility: [Float] = []
    var growth: [Float] = []
    var payDay: [UInt8] = []
    var hasLoan: [Bool] = []

    var outside: OutsideWorld
    var rings: [PlantedRing] = []

    var firmCount: Int { role.count }

    init(config: GeneratorConfiguration) {
        self.config = config
        calendar = SyntheticCalendar(firstMonthIndex: config.firstMonthIndex, months: config.months)
        var namer = CompanyNamer()
        var rng = SeededGenerator.stream(seed: config.seed, 1)
        outside = OutsideWorld(firms: config.firms, namer: &namer, &rng)
        let plan = RingPlan(firms: config.firms)
        buildFirms(shells: plan.shellFirmCount, namer: &namer, SeededGenerator.stream(seed: config.seed, 2))
        buildAccounts(SeededGenerator.stream(seed: config.seed, 3))
        buildRowFragments()
        buildNetwork(SeededGenerator.stream(seed: config.seed, 4))
        balanceSales()
        buildHealth(SeededGenerator.stream(seed: config.seed, 5))
        buildRings(plan, SeededGenerator.stream(seed: config.seed, 6))
        buildHistory(SeededGenerator.stream(seed: config.seed, 9))
        buildCreditEvents(SeededGenerator.stream(seed: config.seed, 10))
    }

    /// The inflow multiplier of firm `i` in month `m`: 1 when healthy, falling toward 0 in
    /// distress, at its floor from a default inside the window on.
    @inline(__always)
    func health(_ i: Int, _ m: Int) -> Double {
        var h = 1.0
        let o = Int(onset[i])
        if m >= o {
            let end = Int(distressEnd[i])
            if m >= end { return 0.05 }
            let span = Double(end - o)
            h -= Double(strength[i]) * Double(m - o + 1) / span
        }
        if m >= Int(dipStart[i]) && m < Int(dipEnd[i]) { h -= Double(dipDepth[i]) }
        return max(0.05, h)
    }

    /// Whether firm `i` has gone quiet in month `m`: two months after a default inside the
    /// window its accounts see no more movements.
    @inline(__always)
    func isDormant(_ i: Int, _ m: Int) -> Bool { m >= Int(defaultMonth[i]) + 2 }

    /// Firm `i`'s accounts.
    @inline(__always)
    func accounts(of i: Int) -> Range<Int> { Int(accountStart[i])..<Int(accountStart[i + 1]) }

    /// Firm `i`'s supplier relationships.
    @inline(__always)
    func relations(of i: Int) -> Range<Int> { Int(relationStart[i])..<Int(relationStart[i + 1]) }
}
