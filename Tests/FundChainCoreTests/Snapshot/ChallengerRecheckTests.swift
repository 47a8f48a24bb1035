import Testing

@testable import FundChainCore

/// A body's `"challengers"`, re-scored by `SnapshotRecheck` with each challenger's stored card:
/// the bodies of SnapshotAuditCoreTests, scored by hand with its small card, the challenger
/// being the same card at version 2 paying 35 instead of 30 for a in [10, 20).
@Suite struct ChallengerRecheckTests {
    /// a = 12, b = x under v2: 500 + 35 + 40 = 575, grade A, PD 0.01 (the calibration table's
    /// PD from 560).
    static let entry = #"{"grade":"A","model":{"id":"small","sha256":"S2","version":"2"},"pd":0.01,"points":575}"#
    static let body = SnapshotAuditCoreTests.old.replacingOccurrences(
        of: #"{"as_of":"2025-03-31","#, with: #"{"as_of":"2025-03-31","challengers":["# + entry + "],")

    static func cards() throws -> [String: Scorecard] {
        [
            "S1": try SnapshotAuditCoreTests.card(),
            "S2": try SnapshotAuditCoreTests.card(version: "2", middlePoints: 35),
        ]
    }

    static var columns: SnapshotRecheck.Columns {
        var columns = SnapshotAuditCoreTests.columns
        columns.batchChallengerSHA256s = ["S2"]
        return columns
    }

    static func problems(_ body: String, columns: SnapshotRecheck.Columns = columns, cards: [String: Scorecard]? = nil)
        throws
        -> [String]
    {
        SnapshotRecheck.problems(body: Array(body.utf8), columns: columns, cards: try cards ?? Self.cards())
    }

    @Test func aConsistentChallengerHasNoProblems() throws {
        #expect(try Self.problems(Self.body) == [])
        // The entry reads back as what the build writes.
        let parsed = try SnapshotBody(parsing: Array(Self.body.utf8))
        let score = try #require(parsed.challengers.first)
        #expect(
            score == ChallengerScore(modelID: "small", version: "2", sha256: "S2", points: 575, pd: 0.01, grade: "A"))
        #expect(score.json.canonicalBytes() == Array(Self.entry.utf8))
    }

    @Test func aTamperedChallengerIsNamed() throws {
        #expect(
            try Self.problems(Self.body.replacingOccurrences(of: #""points":575"#, with: #""points":576"#)) == [
                "re-scoring with challenger small v2 gives 575 points, body has 576"
            ])
        #expect(
            try Self.problems(
                Self.body.replacingOccurrences(of: #""grade":"A","model""#, with: #""grade":"B","model""#)) == [
                    "re-scoring with challenger small v2 gives grade A, body has B"
                ])
        #expect(
            try Self.problems(
                Self.body.replacingOccurrences(of: #""pd":0.01,"points":575"#, with: #""pd":0.02,"points":575"#)) == [
                    "re-scoring with challenger small v2 gives PD 0.01, body has 0.02"
                ])
        // The features edited (a = 25): the champion's and the challenger's scores both differ.
        let features = try Self.problems(Self.body.replacingOccurrences(of: #""a":12"#, with: #""a":25"#))
        #expect(features.contains("re-scoring with challenger small v2 gives 590 points, body has 575"))
    }

    @Test func theBatchAndTheBodyMustNameTheSameChallengers() throws {
        var none = Self.columns
        none.batchChallengerSHA256s = []
        #expect(
            try Self.problems(Self.body, columns: none) == ["body's challenger models are S2, the batch's are none"])
        #expect(
            try Self.problems(SnapshotAuditCoreTests.old) == ["body's challenger models are none, the batch's are S2"])
        #expect(
            try Self.problems(Self.body, cards: ["S1": try SnapshotAuditCoreTests.card()]) == [
                "cannot re-score challenger 1: model S2 is not stored"
            ])
        let empty = SnapshotAuditCoreTests.old.replacingOccurrences(
            of: #"{"as_of":"2025-03-31","#, with: #"{"as_of":"2025-03-31","challengers":[],"#)
        #expect(
            try Self.problems(empty, columns: none) == [
                "body is not a fundchain-snapshot/1 body: challengers is an empty list (a body without challengers has none)"
            ])
        let malformed = Self.body.replacingOccurrences(of: #""pd":0.01,"points":575"#, with: #""points":575"#)
        #expect(
            try Self.problems(malformed) == ["body is not a fundchain-snapshot/1 body: challengers[0].pd is missing"])
    }

    /// A build without challengers writes exactly the bodies it wrote before challengers existed.
    @Test func bodiesWithoutChallengersAreUnchanged() throws {
        let table = try ProfileBuilder().build(BuildFixture.input())
        let card = try SnapshotAuditCoreTests.card()
        let score = card.score(FeatureVector())
        let plain = SnapshotBody(
            table: table, firm: 0, score: score, card: card, modelSHA256: "S1", fingerprint: "fp"
        ).json
        let none = SnapshotBody(
            table: table, firm: 0, score: score, card: card, modelSHA256: "S1", fingerprint: "fp", challengers: []
        ).json
        #expect(plain.canonicalBytes() == none.canonicalBytes())
        #expect(plain["challengers"] == nil)
        let challenger = ChallengerScore(
            modelID: "small", version: "2", sha256: "S2", points: 575, pd: 0.01, grade: "A")
        let with = SnapshotBody(
            table: table, firm: 0, score: score, card: card, modelSHA256: "S1", fingerprint: "fp",
            challengers: [challenger]
        ).json
        #expect(with["challengers"] == .array([challenger.json]))
        guard case .object(var members) = with else { Issue.record("not an object"); return }
        members["challengers"] = nil
        #expect(JSONValue.object(members).canonicalBytes() == plain.canonicalBytes(), "nothing else changes")
    }
}
