/// Reads an edge-list CSV (`source,target[,weight]`) from bytes into a `CapitalFlowGraph`.
///
/// The format: a header naming the columns `source`, `target` and optionally `weight` in that
/// order (case-insensitive); then one edge per record, ids any text (RFC 4180 quoting allowed),
/// weight a non-negative decimal (`DecimalWeight`), default 1 when there is no weight column.
/// Blank lines are skipped; a UTF-8 byte-order mark and CRLF line ends are accepted. Every error
/// names the physical line.
///
/// Weights are read exactly and stored as `Int64` at the finest common decimal scale that the
/// file's weights need (`amountScale`), unless the total of all weights would then pass 4×10¹⁸:
/// the scale is then lowered until it fits and weights are rounded half-up at that scale (the
/// relative error of any weight is then below 10⁻¹⁵ of the total, far inside analytics'
/// tolerances). Repeated (source, target) rows are summed.
///
/// - Complexity: O(bytes) plus `CapitalFlowGraphBuilder.build()`.
public enum EdgeListParser {
    public static func parse(_ input: UnsafeRawBufferPointer) throws(GraphError) -> CapitalFlowGraph {
        let bytes = input.bindMemory(to: UInt8.self)
        let reader = RecordReader(bytes: bytes)
        var fields = FieldSet()
        var columns = 0
        // Header.
        while true {
            guard try reader.next(&fields) else { throw GraphError(.emptyInput, "empty file: no header") }
            if fields.isBlank { continue }
            try checkHeader(fields, reader: reader)
            columns = fields.count
            break
        }
        let hasWeight = columns == 3
        var builder = CapitalFlowGraphBuilder(amountScale: 0, expectedEdges: bytes.count / 16)
        var significands: [Int64] = []
        var exponents: [Int16] = []
        var maxDecimals = 0
        var total = 0.0
        if hasWeight {
            significands.reserveCapacity(bytes.count / 16)
            exponents.reserveCapacity(bytes.count / 16)
        }
        while try reader.next(&fields) {
            if fields.isBlank { continue }
            let line = fields.line
            guard fields.count == columns else {
                throw GraphError(
                    .badRow, line: line,
                    "expected \(columns) fields (\(hasWeight ? "source,target,weight" : "source,target")), found \(fields.count)"
                )
            }
            let source = reader.field(fields, 0)
            let target = reader.field(fields, 1)
            guard source.count > 0 else { throw GraphError(.badRow, line: line, field: "source", "empty node id") }
            guard target.count > 0 else { throw GraphError(.badRow, line: line, field: "target", "empty node id") }
            let s = builder.node(bytes: source)
            let t = builder.node(bytes: target)
            if hasWeight {
                let text = reader.field(fields, 2)
                let weight: DecimalWeight
                do {
                    weight = try DecimalWeight(text)
                } catch .negative {
                    throw GraphError(
                        .negativeWeight, line: line, field: "weight",
                        "weight '\(String(decoding: text, as: UTF8.self))' is negative")
                } catch {
                    let shown = text.count == 0 ? "empty" : "'\(String(decoding: text.prefix(40), as: UTF8.self))'"
                    throw GraphError(.badWeight, line: line, field: "weight", "weight \(shown) is not a decimal number")
                }
                significands.append(weight.significand)
                exponents.append(Int16(clamping: weight.exponent))
                maxDecimals = max(maxDecimals, -weight.exponent)
                total += weight.approximate
            }
            try builder.addEdge(from: s, to: t, amount: 1)
        }
        guard builder.rawEdgeCount > 0 else {
            throw GraphError(.emptyInput, line: reader.line, "no edges after the header")
        }
        if hasWeight {
            var scale = min(maxDecimals, 18)
            let limit = 4e18
            while scale > -18, total * pow10(scale) > limit { scale -= 1 }
            guard total * pow10(scale) <= limit, scale >= 0 || total > 0 else {
                throw GraphError(.overflow, field: "weight", "the weights add up to more than 4e18")
            }
            builder.amountScale = scale
            for i in 0..<significands.count {
                let w = DecimalWeight(significand: significands[i], exponent: Int(exponents[i]))
                guard let v = w.scaled(to: scale) else {
                    throw GraphError(.overflow, field: "weight", "weight out of range")
                }
                builder.amounts[i] = v
            }
        }
        return try builder.build()
    }

    static func pow10(_ e: Int) -> Double {
        var v = 1.0
        if e >= 0 { for _ in 0..<e { v *= 10 } } else { for _ in 0..<(-e) { v /= 10 } }
        return v
    }

    static func checkHeader(_ fields: FieldSet, reader: RecordReader) throws(GraphError) {
        let expected = ["source", "target", "weight"]
        let names = (0..<fields.count).map { i in
            String(decoding: reader.field(fields, i), as: UTF8.self).lowercased()
                .trimmingASCIISpaces()
        }
        guard names.count >= 2, names.count <= 3 else {
            throw GraphError(
                .badHeader, line: fields.line,
                "header has \(names.count) column(s) '\(names.joined(separator: ","))'; expected source,target[,weight]"
            )
        }
        for (i, name) in names.enumerated() where name != expected[i] {
            throw GraphError(
                .badHeader, line: fields.line, field: name,
                "unknown column '\(name)' in position \(i + 1); expected source,target[,weight]")
        }
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
