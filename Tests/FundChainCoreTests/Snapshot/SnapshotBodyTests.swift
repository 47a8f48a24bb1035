import Foundation
import FundChainTestSupport
import Testing

@testable import FundChainCore

/// The typed snapshot body: the build's bodies are the bytes builds always wrote and read back
/// to themselves, and a body that is not `fundchain-snapshot/1` names the member at fault.
@Suite struct SnapshotBodyTests {
    /// The build fixture's six firms scored with the expert card, every other one matched to a
    /// one-product catalog, every third with a challenger score.
    static func fixtureBodies() throws -> [SnapshotBody] {
        let table = try ProfileBuilder().build(BuildFixture.input())
        let card = try ScorecardTests.expertCard()
        let scores = try BuildScorer(card: card).score(table)
        let matcher = ProductMatcherTests.matcher([ProductMatcherTests.strict])
        return (0..<table.count).map { firm in
            let match = matcher.match(
                table: table, row: firm, firm: FirmFacts(firm: table.firms[firm], score: scores[firm]))
            let challenger = ChallengerScore(
                modelID: "c", version: "2", sha256: "S2", points: firm, pd: 0.125, grade: "B")
            return SnapshotBody(
                table: table, firm: firm, score: scores[firm], card: card, modelSHA256: "S1", fingerprint: "fp\(firm)",
                products: firm % 2 == 0 ? SnapshotBody.Products(match, catalogID: 7) : nil,
                challengers: firm % 3 == 0 ? [challenger] : [])
        }
    }

    /// The SHA-256 of the fixture's bodies, one per line, as `SnapshotBody.make` wrote them
    /// before the body was typed: the typed body must keep writing exactly these bytes (stored
    /// hashes, Merkle roots and signed checkpoints depend on them).
    static let goldenSHA256 = "95d513723edbec68f377c5ffb259cb1ec8993e284c40196c03b986bd1ddb7a91"

    @Test func theBuildWritesTheBytesItAlwaysWrote() throws {
        var all: [UInt8] = []
        for body in try Self.fixtureBodies() { all += body.canonicalBytes() + [0x0A] }
        #expect(SnapshotHash.hash(previous: nil, body: all) == Self.goldenSHA256)
    }

    @Test func writeReadWriteIsByteIdentical() throws {
        let bodies = try Self.fixtureBodies()
        #expect(bodies.contains { $0.products != nil } && bodies.contains { !$0.challengers.isEmpty })
        #expect(bodies.contains { $0.features.values.values.contains(.missing) })
        for body in bodies {
            let bytes = body.canonicalBytes()
            let read = try SnapshotBody(parsing: bytes)
            #expect(read == body)
            #expect(read.canonicalBytes() == bytes)
        }
        // Hand-made bodies too (a text feature, a peer percentile, integral and fractional values).
        for text in [SnapshotAuditCoreTests.old, SnapshotAuditCoreTests.new, ChallengerRecheckTests.body] {
            #expect(try SnapshotBody(parsing: Array(text.utf8)).canonicalBytes() == Array(text.utf8))
        }
    }

    static func error(_ body: String) -> SnapshotBodyError? {
        do {
            _ = try SnapshotBody(parsing: Array(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func aBrokenBodyNamesTheMember() throws {
        let old = SnapshotAuditCoreTests.old
        func edited(_ from: String, _ to: String) -> String {
            precondition(old.contains(from))
            return old.replacingOccurrences(of: from, with: to)
        }
        let missing = try #require(Self.error(edited(#""pd":0.01,"#, "")))
        #expect(missing.code == .missing && missing.path == "score.pd")
        #expect(missing.description == "score.pd is missing")
        let mistyped = try #require(Self.error(edited(#""points":570"#, #""points":"570""#)))
        #expect(mistyped.code == .mistyped && mistyped.description == "score.points is not an integer")
        #expect(Self.error(edited(#""text":"a is 12""#, #""text":1"#))?.path == "reasons[0].evidence[0].text")
        #expect(Self.error(edited(#""b":"x""#, #""b":true"#))?.path == "features.b")
        #expect(Self.error(edited(#""a":30"#, #""a":30.5"#))?.path == "feature_points.a")
        #expect(Self.error(edited(#""as_of":"2025-03-31""#, #""as_of":"2025-3-31""#))?.code == .invalid)
        #expect(
            Self.error(edited(#""first_month":"2024-04""#, #""first_month":"2024-4""#))?.path == "window.first_month")
        #expect(
            Self.error(edited(#""format":"fundchain-snapshot/1""#, #""format":"fundchain-snapshot/2""#))?.path
                == "format")
        let unknown = try #require(Self.error(edited(#""products":null"#, #""products":null,"extra":1"#)))
        #expect(unknown.code == .unknownMember && unknown.path == "extra")
        #expect(
            Self.error(edited(#""grade":"A","#, #""grade":"A","uscc":"x","#))?.description.hasPrefix(
                "score has a member") == true)
        #expect(
            Self.error(edited(#""products":null"#, #""products":{"catalog_id":1}"#))?.path == "products.catalog_sha256")
        #expect(Self.error("[1]")?.description == "the body is not an object")
        #expect(Self.error("{")?.code == .notJSON)
    }

    /// `snapshot verify` reports a body that does not read as one problem naming the member, never
    /// a crash, besides the form check that reads it as plain JSON.
    @Test func recheckNamesTheBrokenMember() throws {
        let cards = ["S1": try SnapshotAuditCoreTests.card()]
        let body = SnapshotAuditCoreTests.old.replacingOccurrences(of: #""points":570"#, with: #""points":"570""#)
        #expect(
            SnapshotRecheck.problems(body: Array(body.utf8), columns: SnapshotAuditCoreTests.columns, cards: cards) == [
                "body is not a fundchain-snapshot/1 body: score.points is not an integer"
            ])
        let spaced = " " + SnapshotAuditCoreTests.old.replacingOccurrences(of: #""pd":0.01,"#, with: "")
        #expect(
            SnapshotRecheck.problems(body: Array(spaced.utf8), columns: SnapshotAuditCoreTests.columns, cards: cards)
                == [
                    "body is not in canonical form", "body is not a fundchain-snapshot/1 body: score.pd is missing",
                ])
    }

    @Test func firmFactsFromABody() throws {
        let body = try SnapshotBody(parsing: Array(SnapshotAuditCoreTests.old.utf8))
        #expect(
            FirmFacts(snapshot: body)
                == FirmFacts(points: 570, grade: "A", pd: 0.01, industry: "C3670", region: "500112001"))
        let matcher = ProductMatcherTests.matcher([ProductMatcherTests.strict])
        #expect(
            matcher.match(snapshot: body) == matcher.match(features: body.features, firm: FirmFacts(snapshot: body)))
    }
}
