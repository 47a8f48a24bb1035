import FundChainCore

/// Reads what the reports need from a snapshot body — the numeric features and the eligible
/// products — without parsing the rest (reasons, why-not texts): see `JSONMembers`. (Reading a
/// whole `SnapshotBody` would cost a 100k-firm report most of its time; the eligible products
/// are read as `SnapshotBody.Products.Eligible`, so they follow the format's one definition.)
public struct SnapshotBodyReader: Sendable {
    /// The feature columns, in `ReportBatch.features` order.
    public let featureNames: [String]
    private let column: [[UInt8]: Int]
    /// The names' bytes in ascending byte order (the order a canonical body lists its members
    /// in), back to back: name k is `sortedBytes[sortedStarts[k]..<sortedStarts[k + 1]]`, its
    /// column `sortedColumns[k]`. A body's feature keys are matched by walking this list beside
    /// them, without hashing a key (a `Dictionary` lookup per key, with the `Array` made of the
    /// key to look it up, was about a tenth of a report's client CPU).
    private let sortedBytes: [UInt8]
    private let sortedStarts: [Int]
    private let sortedColumns: [Int]

    public init(featureNames: [String]) {
        self.featureNames = featureNames
        column = Dictionary(featureNames.enumerated().map { (Array($1.utf8), $0) }) { first, _ in first }
        let sorted = column.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        sortedBytes = sorted.flatMap(\.key)
        sortedStarts = sorted.reduce(into: [0]) { $0.append($0.last! + $1.key.count) }
        sortedColumns = sorted.map(\.value)
    }

    /// Appends the body's features to `features` (one value per name; `NaN` when missing, `null`
    /// or a text) and returns its eligible products (`nil` for `null`, none, or a malformed list).
    ///
    /// - Complexity: O(body length).
    public func read(_ body: UnsafeRawBufferPointer, features: inout [Double]) -> FirmProducts? {
        let start = features.count
        features.append(contentsOf: repeatElement(.nan, count: featureNames.count))
        let whole = 0..<body.count
        var productsRange: Range<Int>?
        var featuresRange: Range<Int>?
        JSONMembers.forEach(in: body, object: whole) { key, value in
            if key.elementsEqual("features".utf8) { featuresRange = value }
            if key.elementsEqual("products".utf8) { productsRange = value }
            return productsRange == nil || featuresRange == nil
        }
        if let featuresRange {
            features.withUnsafeMutableBufferPointer { out in
                readFeatures(body, object: featuresRange) { c, value in
                    if let number = JSONMembers.number(in: body, value) { out[start + c] = number }
                }
            }
        }
        guard let productsRange, body[productsRange.lowerBound] == UInt8(ascii: "{"),
            let eligible = JSONMembers.value(of: "eligible", in: body, object: productsRange),
            case .array(let list)? = try? JSONValue(parsing: Array(UnsafeRawBufferPointer(rebasing: body[eligible]))),
            let offers = try? list.map({ (item) throws(SnapshotBodyError) in
                try SnapshotBody.Products.Eligible(json: item)
            })
        else { return nil }
        return FirmProducts(offers)
    }

    /// Calls `found` with the column and value range of each wanted member of the features
    /// object. While the keys ascend (a canonical body's always do) each is matched by merging
    /// with the sorted names; from the first that does not, by the dictionary: exact either way.
    private func readFeatures(
        _ body: UnsafeRawBufferPointer, object: Range<Int>, _ found: (Int, Range<Int>) -> Void
    ) {
        sortedBytes.withUnsafeBytes { names in
            sortedStarts.withUnsafeBufferPointer { starts in
                var next = 0  // the first sorted name not yet passed
                var ascending = true
                var previous: UnsafeRawBufferPointer?
                JSONMembers.forEach(in: body, object: object) { key, value in
                    if ascending, let last = previous, !last.lexicographicallyPrecedes(key) { ascending = false }
                    previous = key
                    guard ascending else {
                        if let c = column[Array(key)] { found(c, value) }
                        return true
                    }
                    while next < sortedColumns.count {
                        let name = UnsafeRawBufferPointer(rebasing: names[starts[next]..<starts[next + 1]])
                        if name.lexicographicallyPrecedes(key) {
                            next += 1
                        } else {
                            if name.elementsEqual(key) {
                                found(sortedColumns[next], value)
                                next += 1
                            }
                            break
                        }
                    }
                    return true
                }
            }
        }
    }
}
