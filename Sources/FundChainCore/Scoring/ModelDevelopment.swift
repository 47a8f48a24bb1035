/// The record a fitted card carries: which data, which parameters, and the training
/// distributions that monitoring (PSI) compares new data against.
public struct ModelDevelopment: Sendable, Hashable {
    /// SHA-256 (hex) of the data file's bytes.
    public var datasetSHA256: String
    public var datasetRows: Int
    public var target: String
    public var badValue: String
    public var trainRows: Int
    public var trainBads: Int
    public var testRows: Int
    public var testBads: Int
    public var options: FitOptions
    /// The fitted intercept (log-odds of bad at all-zero WOE).
    public var intercept: Double
    /// Training scores by score range, for PSI.
    public var scoreDistribution: [ScoreBucket]

    public init(
        datasetSHA256: String, datasetRows: Int, target: String, badValue: String,
        trainRows: Int, trainBads: Int, testRows: Int, testBads: Int,
        options: FitOptions, intercept: Double, scoreDistribution: [ScoreBucket]
    ) {
        self.datasetSHA256 = datasetSHA256
        self.datasetRows = datasetRows
        self.target = target
        self.badValue = badValue
        self.trainRows = trainRows
        self.trainBads = trainBads
        self.testRows = testRows
        self.testBads = testBads
        self.options = options
        self.intercept = intercept
        self.scoreDistribution = scoreDistribution
    }
}

/// Training rows with a score in `[min, max)` (an open end is `nil`).
public struct ScoreBucket: Sendable, Hashable {
    public var min: Int?
    public var max: Int?
    public var count: Int
    public var bads: Int

    public init(min: Int?, max: Int?, count: Int, bads: Int) {
        self.min = min
        self.max = max
        self.count = count
        self.bads = bads
    }

    public func contains(_ score: Int) -> Bool {
        (min.map { score >= $0 } ?? true) && (max.map { score < $0 } ?? true)
    }
}

extension ModelDevelopment: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case datasetSHA256 = "dataset_sha256", datasetRows = "dataset_rows", target
        case badValue = "bad_value"
        case trainRows = "train_rows", trainBads = "train_bads"
        case testRows = "test_rows", testBads = "test_bads", options, intercept
        case scoreDistribution = "score_distribution"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "development")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            datasetSHA256: try c.decode(String.self, forKey: .datasetSHA256),
            datasetRows: try c.decode(Int.self, forKey: .datasetRows),
            target: try c.decode(String.self, forKey: .target),
            badValue: try c.decode(String.self, forKey: .badValue),
            trainRows: try c.decode(Int.self, forKey: .trainRows),
            trainBads: try c.decode(Int.self, forKey: .trainBads),
            testRows: try c.decode(Int.self, forKey: .testRows),
            testBads: try c.decode(Int.self, forKey: .testBads),
            options: try c.decode(FitOptions.self, forKey: .options),
            intercept: try c.decode(Double.self, forKey: .intercept),
            scoreDistribution: try c.decode([ScoreBucket].self, forKey: .scoreDistribution))
    }
}

extension ScoreBucket: Decodable {
    enum CodingKeys: String, CodingKey, CaseIterable { case min, max, count, bads }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.allCases.map(\.rawValue), in: "score_distribution entry")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            min: try c.decodeIfPresent(Int.self, forKey: .min), max: try c.decodeIfPresent(Int.self, forKey: .max),
            count: try c.decode(Int.self, forKey: .count), bads: try c.decode(Int.self, forKey: .bads))
    }
}
