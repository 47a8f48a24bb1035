import FundChainCore

/// Reads what the reports need from a snapshot body — the numeric features and the eligible
/// products — without parsing the rest (reasons, why-not texts): see `JSONMembers`. (Reading a
/// whole `SnapshotBody` would cost a 100k-firm report most of its time; the eligible products
/// are read as `SnapshotBody.Products.Eligible`, so they follow the format's one definition.)
public struct SnapshotBodyReader: Sendable {
    /// The feature columns, in `ReportBatch.features` order.
    public let featureNames: [String]
    private let column: [[UInt8]: Int]

    public init(featureNames: [String]) {
        self.featureNames = featureNames
        column = Dictionary(uniqueKeysWithValues: featureNames.enumerated().map { (Array($1.utf8), $0) })
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
            JSONMembers.forEach(in: body, object: featuresRange) { key, value in
                guard let c = column[Array(key)], let first = value.first else { return true }
                let byte = body[first]
                if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                    features[start + c] =
                        Double(String(decoding: UnsafeRawBufferPointer(rebasing: body[value]), as: UTF8.self)) ?? .nan
                }
                return true
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
}
