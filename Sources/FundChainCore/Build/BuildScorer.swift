/// Scores every firm of a profile table with a scorecard and backs each reason code with
/// evidence: the value, the firm's percentile among its industry division, and for counterparty
/// and graph features the flows behind it.
public struct BuildScorer: Sendable {
    public let card: Scorecard
    /// Profile column of each card feature, in card order.
    let columns: [Int]

    public struct UnknownFeatureError: Error, Sendable, CustomStringConvertible {
        public let model: String
        public let feature: String
        public var description: String {
            "model \(model) uses feature '\(feature)', which the build does not compute (see docs/features.md)"
        }
    }

    public init(card: Scorecard) throws(UnknownFeatureError) {
        self.card = card
        columns = try Self.columns(of: card)
    }

    /// The profile column of each of `card`'s features, in card order.
    static func columns(of card: Scorecard) throws(UnknownFeatureError) -> [Int] {
        var columns: [Int] = []
        for feature in card.features {
            guard let column = ProfileCatalog.column[feature.name] else {
                throw UnknownFeatureError(model: "\(card.id) v\(card.version)", feature: feature.name)
            }
            columns.append(column)
        }
        return columns
    }

    /// Scores every firm, in firm order.
    ///
    /// - Complexity: O(n × f log b) for the scores plus O(f × n log n) for the peer index.
    public func score(_ table: ProfileTable, parallelism: Int = 1) -> [ScoreResult] {
        let peers = PeerIndex(table, columns: columns)
        let evidence = ReasonEvidenceWriter(table: table)
        let chunks = Parallel.map(ranges: table.count, chunks: parallelism * 8) { range in
            range.map { firm in
                var result = card.score(values: columns.map { table.value(firm: firm, column: $0) })
                for i in result.reasons.indices {
                    let column = ProfileCatalog.column[result.reasons[i].feature]!
                    result.reasons[i].peerPercentile = peers.percentile(firm: firm, column: column)
                    result.reasons[i].evidence = evidence.evidence(firm: firm, reason: result.reasons[i])
                }
                return result
            }
        }
        return chunks.flatMap { $0 }
    }
}
