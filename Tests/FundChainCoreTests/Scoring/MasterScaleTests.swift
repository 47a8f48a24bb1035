import Foundation
import Testing

@testable import FundChainCore

/// The master scale, stated directions in binning, and the training record of a card fitted on
/// a batch.
@Suite struct MasterScaleTests {
    /// Every integer score's grade under the bands in points is the grade of its PD.
    @Test(arguments: [Scaling(), Scaling(baseScore: 500, baseOdds: 20, pdo: 40)])
    func gradeBandsInPointsAgreeWithThePDBands(scaling: Scaling) throws {
        let scale = MasterScale.fundchain
        let bands = scale.gradeBands(for: scaling)
        #expect(bands.map(\.grade) == scale.bands.map(\.grade))
        for score in 300...900 {
            let band = try #require(bands.first { $0.contains(score) }, "score \(score) has no grade")
            #expect(band.grade == scale.grade(pd: scaling.pd(score: Double(score))), "score \(score)")
        }
        // Contiguous, best first, open at both ends.
        #expect(bands.first?.max == nil && bands.last?.min == nil)
        for (better, worse) in zip(bands, bands.dropFirst()) { #expect(worse.max == better.min! - 1) }
    }

    @Test func gradeOfAPDFollowsTheBounds() {
        let scale = MasterScale.fundchain
        #expect(scale.grade(pd: 0) == "AAA" && scale.grade(pd: 0.0034) == "AAA" && scale.grade(pd: 0.0035) == "AA")
        #expect(scale.grade(pd: 0.02) == "BB" && scale.grade(pd: 0.179) == "CC" && scale.grade(pd: 0.18) == "C")
        #expect(scale.grade(pd: 1) == "C")
    }

    /// Values 1…4 whose bad rate falls then rises: unconstrained the fit keeps the rising
    /// (higher is riskier) shape; told that higher is safer it must end falling, however little IV is left.
    @Test func aStatedDirectionIsKept() {
        var values: [Double?] = [], bad: [Bool] = []
        for (value, bads) in [(1.0, 4), (2.0, 2), (3.0, 8), (4.0, 12)] {
            for i in 0..<40 {
                values.append(value)
                bad.append(i < bads)
            }
        }
        var options = FitOptions()
        options.minBinShare = 0.1
        let free = FeatureBinning.fit(name: "x", column: .numeric(values), isBad: bad, options: options)
        #expect(free.woes.count > 1 && zip(free.woes, free.woes.dropFirst()).allSatisfy { $0 <= $1 })
        options.directions = ["x": .higherIsSafer]
        let held = FeatureBinning.fit(name: "x", column: .numeric(values), isBad: bad, options: options)
        #expect(zip(held.woes, held.woes.dropFirst()).allSatisfy { $0 >= $1 }, "\(held.woes)")
        #expect(held.iv < free.iv)
        options.directions = ["x": .higherIsRiskier]
        #expect(FeatureBinning.fit(name: "x", column: .numeric(values), isBad: bad, options: options) == free)
    }

    @Test func theCatalogStatesDirectionsOnlyForNumericFeatures() {
        for (name, _) in ProfileCatalog.directions {
            let definition = ProfileCatalog.definition(name)
            #expect(definition != nil && definition?.isCategorical == false, "\(name)")
        }
        #expect(ProfileCatalog.definition("inflow_12m_yuan_pct_district")?.direction == .higherIsSafer)
        #expect(ProfileCatalog.definition("inflow_cv_12m_pct_industry")?.direction == .higherIsRiskier)
        #expect(ProfileCatalog.definition("reciprocity")?.direction == nil)
    }

    /// A card with a training record and stated directions reads back equal from its YAML.
    @Test func trainingAndDirectionsRoundTripThroughYAML() throws {
        var generator = SeededGenerator(seed: 3)
        var x: [Double?] = [], y: [Double?] = [], bad: [Bool] = []
        for _ in 0..<600 {
            let risk = generator.nextUnit()
            x.append((risk * 100).rounded())
            y.append(generator.nextUnit() < 0.1 ? nil : ((1 - risk) * 50 + generator.nextUnit() * 30).rounded())
            bad.append(generator.nextUnit() < 0.02 + 0.2 * risk)
        }
        var options = FitOptions()
        options.directions = ["x": .higherIsRiskier, "y": .higherIsSafer]
        let training = ModelTraining(
            batch: 4, asOf: "2024-05-31", merkleRoot: String(repeating: "ab", count: 32), horizonMonths: 12,
            observedMonths: 9,
            firms: 600, defaults: bad.count { $0 }, alreadyInDefault: 7,
            eventsInHorizon: ["default": 30, "overdue_90": 20, "restructured": 4, "written_off": 1])
        let result = try ScorecardFitter.fit(
            ModelDataset(names: ["x", "y"], columns: [.numeric(x), .numeric(y)], isBad: bad), options: options,
            provenance: .init(
                id: "t", version: "2", description: "test", datasetSHA256: "00", target: "bad", badValue: "1"),
            masterScale: .fundchain, training: training)
        #expect(result.card.training == training)
        #expect(result.card.grades == MasterScale.fundchain.gradeBands(for: options.scaling))
        #expect(result.candidates.map(\.direction) == [.higherIsRiskier, .higherIsSafer])
        let reread = try Scorecard.load(yaml: result.card.yaml)
        #expect(reread == result.card)
        #expect(reread.development?.options.directions == options.directions)
    }

    @Test func anUnknownDirectionIsRefusedWithItsField() throws {
        let result = try ScorecardFitter.fit(
            ModelDataset(
                names: ["x"], columns: [.numeric((0..<40).map { Double($0) })], isBad: (0..<40).map { $0 % 5 == 0 }),
            options: {
                var o = FitOptions(); o.ivMin = 0; o.directions = ["x": .higherIsSafer]; return o
            }(),
            provenance: .init(id: "t", version: "1", description: "", datasetSHA256: "00", target: "bad", badValue: "1")
        )
        let yaml = result.card.yaml.replacingOccurrences(of: "x: higher_is_safer", with: "x: sideways")
        #expect(throws: ScorecardError.self) { try Scorecard.load(yaml: yaml) }
        do {
            _ = try Scorecard.load(yaml: yaml)
        } catch {
            #expect(
                "\(error)".contains("development.options.directions.x") && "\(error)".contains("sideways"), "\(error)")
        }
    }
}
