extension CapitalFlowGraph {
    /// The smallest stored amount that is ≥ the decimal `text` (in the same unit as the weights
    /// the graph was built from), for thresholds such as a minimum amount per edge.
    public func amountThreshold(_ text: String, field: String = "min-amount") throws(GraphError) -> Int64 {
        var text = text
        let parsed: DecimalWeight? = text.withUTF8 { try? DecimalWeight($0) }
        guard let parsed, let value = parsed.scaledUp(to: amountScale) else {
            throw GraphError(.badOption, field: field, "'\(text)' is not a non-negative decimal number")
        }
        return value
    }

    /// A stored amount as plain decimal text in the unit of the input (`12345` at scale 2 → `123.45`).
    public func formatAmount(_ amount: Int64) -> String {
        guard amountScale > 0 else { return String(amount) }
        let magnitude = String(amount.magnitude)
        let padded = String(repeating: "0", count: max(0, amountScale + 1 - magnitude.count)) + magnitude
        let cut = padded.index(padded.endIndex, offsetBy: -amountScale)
        return (amount < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }
}
