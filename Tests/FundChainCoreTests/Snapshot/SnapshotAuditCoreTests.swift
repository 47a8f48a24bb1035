import Testing

@testable import FundChainCore

/// `SnapshotRecheck` and `SnapshotDiff` on hand-made bodies scored by hand with the small card of
/// ScorecardTests (base 500; a: < 10 → 0, [10, 20) → 30, ≥ 20 → 50, missing → 10; b: {1, x} → 40,
/// {y, other} → 5, missing → 0) with a calibration table (PD 0.2 below 560, 0.01 from 560).
@Suite struct SnapshotAuditCoreTests {
    static func card(version: String = "1", middlePoints: Int = 30) throws -> Scorecard {
        var card = try Scorecard.load(yaml: ScorecardTests.smallYAML)
        card.version = version
        card.features[0].bins[1].points = middlePoints
        card.calibration = Calibration(table: [.init(minScore: 0, pd: 0.2), .init(minScore: 560, pd: 0.01)])
        return card
    }

    /// a = 12, b = x: 500 + 30 + 40 = 570, grade A, PD 0.01; a lost 50 − 30 = 20.
    static let old =
        #"{"as_of":"2025-03-31","feature_points":{"a":30,"b":40},"features":{"a":12,"b":"x","z":null},"firm":{"founded_on":"2018-03-03","industry":"C3670","is_core":false,"name":"Firm A","region":"500112001","uscc":"91500112MA5U00001H"},"format":"fundchain-snapshot/1","input_fingerprint":"fp1","model":{"id":"small","sha256":"S1","version":"1"},"products":null,"reasons":[{"code":"A1","evidence":[{"kind":"k","text":"a is 12","value":12}],"feature":"a","peer_percentile":null,"points_lost":20,"text":"a is low","value":12}],"score":{"grade":"A","pd":0.01,"points":570},"window":{"first_month":"2024-04","last_month":"2025-03","months":12}}"#

    /// a = 25, b = y, z = 3: 500 + 50 + 5 = 555, grade B, PD 0.2; b lost 40 − 5 = 35.
    static let new =
        #"{"as_of":"2025-06-30","feature_points":{"a":50,"b":5},"features":{"a":25,"b":"y","z":3},"firm":{"founded_on":"2018-03-03","industry":"C3670","is_core":false,"name":"Firm A","region":"500112001","uscc":"91500112MA5U00001H"},"format":"fundchain-snapshot/1","input_fingerprint":"fp2","model":{"id":"small","sha256":"S1","version":"1"},"products":null,"reasons":[{"code":"B1","evidence":[],"feature":"b","peer_percentile":12.5,"points_lost":35,"text":"b is weak","value":"y"}],"score":{"grade":"B","pd":0.2,"points":555},"window":{"first_month":"2024-07","last_month":"2025-06","months":12}}"#

    static let columns = SnapshotRecheck.Columns(
        uscc: "91500112MA5U00001H", asOf: "2025-03-31", score: 570, pd: 0.01, grade: "A", inputFingerprint: "fp1",
        batchModelSHA256: "S1")

    @Test func consistentSnapshotHasNoProblems() throws {
        let cards = ["S1": try Self.card()]
        #expect(SnapshotRecheck.problems(body: Array(Self.old.utf8), columns: Self.columns, cards: cards) == [])
        var newColumns = Self.columns
        (newColumns.asOf, newColumns.score, newColumns.pd, newColumns.grade, newColumns.inputFingerprint) = (
            "2025-06-30", 555, 0.2, "B", "fp2"
        )
        #expect(SnapshotRecheck.problems(body: Array(Self.new.utf8), columns: newColumns, cards: cards) == [])
    }

    @Test func namesWhatDiffers() throws {
        let cards = ["S1": try Self.card()]
        var columns = Self.columns
        columns.score = 571
        columns.grade = "B"
        #expect(
            SnapshotRecheck.problems(body: Array(Self.old.utf8), columns: columns, cards: cards) == [
                "score column is 571, body has 570", "grade column is B, body has A",
            ])
        let points = Self.old.replacingOccurrences(of: #""a":30"#, with: #""a":31"#)
        #expect(
            SnapshotRecheck.problems(body: Array(points.utf8), columns: Self.columns, cards: cards) == [
                "re-scoring with model small v1 gives a 30 points, body has 31"
            ])
        // The features edited (a = 25 scores 50): points, grade, PD, points per feature and reasons all differ.
        let features = Self.old.replacingOccurrences(of: #""a":12"#, with: #""a":25"#)
        #expect(
            SnapshotRecheck.problems(body: Array(features.utf8), columns: Self.columns, cards: cards) == [
                "re-scoring with model small v1 gives 590 points, body has 570",
                "re-scoring with model small v1 gives a 50 points, body has 30",
                "re-scoring with model small v1 gives reasons [], body has [A1/a/−20]",
            ])
        #expect(
            SnapshotRecheck.problems(body: Array((" " + Self.old).utf8), columns: Self.columns, cards: cards) == [
                "body is not in canonical form"
            ])
        #expect(
            SnapshotRecheck.problems(body: Array(Self.old.utf8), columns: Self.columns, cards: [:]) == [
                "cannot re-score: model S1 is not stored"
            ])
        #expect(
            SnapshotRecheck.problems(body: Array("{".utf8), columns: Self.columns, cards: cards).first?.hasPrefix(
                "body is not valid JSON") == true)
    }

    @Test func diffUnderOneModel() throws {
        let card = try Self.card()
        let diff = SnapshotDiff(
            old: try SnapshotBody(parsing: Array(Self.old.utf8)), new: try SnapshotBody(parsing: Array(Self.new.utf8)),
            oldCard: card, newCard: card)
        #expect(diff.sameFirm && !diff.modelChanged && diff.modelChanges.isEmpty)
        #expect(diff.scoreChange == -15 && diff.rescoredOld == 570 && diff.modelEffect == 0 && diff.dataEffect == -15)
        #expect(
            diff.features == [
                .init(
                    name: "b", old: .category("x"), new: .category("y"), delta: nil, oldPoints: 40, newPoints: 5,
                    dataPoints: -35),
                .init(
                    name: "a", old: .number(12), new: .number(25), delta: 13, oldPoints: 30, newPoints: 50,
                    dataPoints: 20),
                .init(
                    name: "z", old: .missing, new: .number(3), delta: nil, oldPoints: nil, newPoints: nil,
                    dataPoints: nil),
            ])
        #expect(diff.otherChanges == ["as_of", "input_fingerprint", "window"])
        #expect(diff.old.reasons == ["A1"] && diff.new.reasons == ["B1"])
    }

    /// v2 pays 35 instead of 30 for a in [10, 20): the old features re-score to 575 (+5, the
    /// model's doing); the new score 555 is 20 below that (the data's doing).
    @Test func diffSeparatesModelFromData() throws {
        let v2 = try Self.card(version: "2", middlePoints: 35)
        let newBody = Self.new.replacingOccurrences(
            of: #""sha256":"S1","version":"1""#, with: #""sha256":"S2","version":"2""#)
        let diff = SnapshotDiff(
            old: try SnapshotBody(parsing: Array(Self.old.utf8)), new: try SnapshotBody(parsing: Array(newBody.utf8)),
            oldCard: try Self.card(), newCard: v2)
        #expect(diff.modelChanged)
        #expect(
            diff.modelChanges == [
                "model changed: small v1 (sha256 S1…) → small v2 (sha256 S2…)", "a: [10, 20) 30 → 35",
            ])
        #expect(diff.rescoredOld == 575 && diff.modelEffect == 5 && diff.dataEffect == -20 && diff.scoreChange == -15)
        #expect(diff.features.first { $0.name == "a" }?.dataPoints == 15)
        #expect(diff.otherChanges == ["as_of", "input_fingerprint", "model", "window"])
        // Without the model texts, only the call-out.
        let blind = SnapshotDiff(
            old: try SnapshotBody(parsing: Array(Self.old.utf8)), new: try SnapshotBody(parsing: Array(newBody.utf8)),
            oldCard: nil, newCard: nil)
        #expect(
            blind.rescoredOld == nil && blind.modelEffect == nil && blind.features.allSatisfy { $0.dataPoints == nil })
        #expect(blind.modelChanges.count == 2 && blind.modelChanges[1].hasPrefix("(a model text is not stored"))
    }

    @Test func differentFirmsAreFlagged() throws {
        let other = Self.new.replacingOccurrences(of: "91500112MA5U00001H", with: "91500112MA5U00002L")
        let diff = SnapshotDiff(
            old: try SnapshotBody(parsing: Array(Self.old.utf8)), new: try SnapshotBody(parsing: Array(other.utf8)),
            oldCard: nil,
            newCard: nil)
        #expect(!diff.sameFirm && diff.otherChanges.contains("firm"))
    }
}
