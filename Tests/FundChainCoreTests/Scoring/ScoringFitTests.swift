import Foundation
import Testing

@testable import FundChainCore

@Suite struct ScoringFitTests {
    /// A mixed-type data set as CSV text would give it: numbers, quoted-looking categories,
    /// blanks. Bad probability depends on `income` (down), `debt` (up) and `sector`.
    static func table(seed: UInt64, rows: Int = 1500) -> TextTable {
        var g = SeededGenerator(seed: seed)
        let sectors = ["C36", "F52", "K70", "I64", "07"]
        let sectorRisk = [-0.8, 0.3, 0.9, -0.4, 0.0]
        var out: [[String]] = []
        for i in 0..<rows {
            let income = (g.nextUnit() * 200).rounded()
            let debt = (g.nextUnit() * 10).rounded() / 10
            let s = Int(g.next() % UInt64(sectors.count))
            let noise = g.nextUnit()
            let logit = -1.0 - income / 80 + 3 * debt + sectorRisk[s]
            let bad = g.nextUnit() < 1 / (1 + exp(-logit))
            let incomeText = g.nextUnit() < 0.05 ? "" : DecimalText.canonical(income)
            out.append([
                "F\(i)", incomeText, DecimalText.canonical(debt), sectors[s], String(noise), bad ? "bad" : "good",
            ])
        }
        return TextTable(header: ["id", "income", "debt", "sector", "noise", "status"], rows: out)
    }

    static func fit(seed: UInt64, testFraction: Double = 0.3) throws -> (ScorecardFitter.Result, ModelDataset) {
        let table = table(seed: seed)
        var options = FitOptions()
        options.testFraction = testFraction
        options.seed = seed
        let data = try ModelDataset(
            table: table, target: "status", badValue: "bad", idColumn: "id", categorical: ["sector"])
        let provenance = ScorecardFitter.Provenance(
            id: "t", version: "1", description: "test", datasetSHA256: "00", target: "status", badValue: "bad")
        return (try ScorecardFitter.fit(data, options: options, provenance: provenance), data)
    }

    @Test(arguments: [7, 11, 23] as [UInt64])
    func roundTripReproducesScoresExactly(seed: UInt64) throws {
        let (result, data) = try Self.fit(seed: seed)
        let loaded = try Scorecard.load(yaml: result.card.yaml)
        #expect(loaded == result.card)
        for row in 0..<data.rowCount {
            let vector = ScorecardFitter.vector(data, row: row)
            #expect(loaded.score(vector) == result.card.score(vector))
            #expect(loaded.score(vector).points == result.scores[row])
            #expect(loaded.score(values: loaded.features.map { vector[$0.name] }) == loaded.score(vector))
        }
        // The same rows read back as text (as `model score` does) score the same.
        let table = Self.table(seed: seed)
        let columns = try loaded.features.map { f throws(ScorecardError) in try table.column(f.name) }
        for row in 0..<table.rowCount {
            #expect(loaded.score(table.featureVector(row: row, columns: columns)).points == result.scores[row])
        }
    }

    @Test(arguments: [7, 11, 23] as [UInt64])
    func fittedCardsAreMonotonicAndSensible(seed: UInt64) throws {
        let (result, _) = try Self.fit(seed: seed)
        for feature in result.card.features where feature.kind == .numeric {
            let woes = feature.bins.filter { !$0.missing }.map { $0.woe! }
            let up = zip(woes, woes.dropFirst()).allSatisfy { $0 <= $1 }
            let down = zip(woes, woes.dropFirst()).allSatisfy { $0 >= $1 }
            #expect(up || down, "\(feature.name): \(woes)")
        }
        let names = result.card.features.map(\.name)
        #expect(names.contains("income") && names.contains("debt") && names.contains("sector"))
        let iv = Dictionary(uniqueKeysWithValues: result.candidates.map { ($0.name, $0.iv) })
        #expect(iv["noise"]! < min(iv["income"]!, iv["debt"]!, iv["sector"]!))
        #expect(result.card.features.allSatisfy { ($0.coefficient ?? 0) > 0 })
        #expect(result.test!.auc > 0.7)
        #expect(result.card.development!.scoreDistribution.reduce(0) { $0 + $1.count } == result.trainRows.count)
    }

    @Test func splitIsReproducibleAndDisjoint() {
        let a = ModelDataset.split(rows: 100, testFraction: 0.3, seed: 5)
        let b = ModelDataset.split(rows: 100, testFraction: 0.3, seed: 5)
        #expect(a.train == b.train && a.test == b.test)
        #expect(a.test.count == 30 && a.train.count == 70)
        #expect(Set(a.train).isDisjoint(with: a.test))
        #expect(ModelDataset.split(rows: 100, testFraction: 0.3, seed: 6).test != a.test)
    }

    @Test func testFractionZeroFitsOnEveryRow() throws {
        let (result, data) = try Self.fit(seed: 7, testFraction: 0)
        #expect(result.trainRows.count == data.rowCount)
        #expect(result.test == nil)
    }

    @Test func columnTypeRule() throws {
        let table = TextTable(
            header: ["n", "code", "mixed", "blank", "y"],
            rows: [["1", "01", "3", "", "bad"], [" 2.5 ", "02", "x", "", "good"], ["", "03", "", " ", "good"]])
        let data = try ModelDataset(table: table, target: "y", badValue: "bad", categorical: ["code"])
        #expect(data.columns[0] == .numeric([1, 2.5, nil]))
        #expect(data.columns[1] == .categorical(["01", "02", "03"]))  // forced: codes keep their text
        #expect(data.columns[2] == .categorical(["3", "x", nil]))
        #expect(data.columns[3] == .categorical([nil, nil, nil]))
        #expect(data.isBad == [true, false, false])
        #expect(throws: ScorecardError.self) { try ModelDataset(table: table, target: "nope", badValue: "bad") }
    }

    @Test func validatorReportsPSIAgainstTraining() throws {
        let (result, _) = try Self.fit(seed: 11)
        // The card on its own training data has score PSI 0 and feature PSI 0.
        let table = Self.table(seed: 11)
        let train = TextTable(header: table.header, rows: result.trainRows.map { table.rows[$0] })
        let report = try ScorecardValidator.validate(card: result.card, table: train, target: "status", badValue: "bad")
        #expect(report.scorePSI == 0)
        #expect(report.features.allSatisfy { $0.psi == 0 })
        #expect(report.performance.auc == result.train.auc)
    }

    /// Two identical columns let through the correlation filter (--max-correlation 1) make the
    /// regression singular: the weaker copy is dropped and named, and the fit goes on (it threw).
    @Test func aSingularDesignDropsTheWeakestFeature() throws {
        var generator = SeededGenerator(seed: 5)
        var x: [Double?] = [], bad: [Bool] = []
        for _ in 0..<800 {
            let risk = generator.nextUnit()
            x.append((risk * 100).rounded())
            bad.append(generator.nextUnit() < 0.03 + 0.3 * risk)
        }
        var options = FitOptions()
        options.maxCorrelation = 1
        let result = try ScorecardFitter.fit(
            ModelDataset(names: ["x", "x_copy"], columns: [.numeric(x), .numeric(x)], isBad: bad), options: options,
            provenance: .init(id: "t", version: "1", description: "", datasetSHA256: "00", target: "bad", badValue: "1")
        )
        #expect(result.card.features.map(\.name) == ["x"])
        #expect(result.candidates[1].status.contains("singular"), "\(result.candidates[1].status)")
    }
}
