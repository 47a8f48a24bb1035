extension Money {
    /// Whole yuan with thousands separators, fen dropped (for amounts that are whole yuan, such
    /// as product limits): `Money(fen: 14_000_000)` → `"140,000"`.
    public var wholeYuan: String { String(grouped.dropLast(3)) }
}
