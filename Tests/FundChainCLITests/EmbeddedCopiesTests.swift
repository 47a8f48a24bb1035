import Foundation
import FundChainCore
import FundChainServer
import FundChainStore
import FundChainTestSupport
import Testing

@testable import fundchain

/// The one drift test: every file compiled into the binaries is its source, byte for byte (the
/// card's sha256 is stored with every snapshot, the catalog's with every catalog version, the
/// schema's in `schema_migrations`). Resources (schema.sql, the default card, products/,
/// openapi.yaml) cannot drift once built; this catches a stale build or a broken symlink, and a
/// product file missing from `EmbeddedProducts.files`. The reference tables are generated from
/// ../shared/data, beside the repository for developers and CI: a missing source fails under
/// `CI=true` and is a known issue elsewhere (scripts/generate says how each copy is made).
@Suite struct EmbeddedCopiesTests {
    /// One compiled-in copy: its source's path from the repository root and the bytes the binary holds.
    struct Copy: Sendable, CustomTestStringConvertible {
        var source: String
        /// `nil` when the binary holds no copy of the source (a product file not yet listed).
        var bytes: [UInt8]?
        var remedy: String
        var testDescription: String { source }
    }

    static let copies: [Copy] = {
        // The schema and the served spec hold their file without its final newline.
        var copies = [
            Copy(source: "schema.sql", bytes: Array((Migrator().schema + "\n").utf8), remedy: "rebuild"),
            Copy(source: EmbeddedModel.path, bytes: Array(EmbeddedModel.yaml.utf8), remedy: "rebuild"),
            Copy(source: "openapi.yaml", bytes: Array((EmbeddedOpenAPI.yaml + "\n").utf8), remedy: "rebuild"),
        ]
        let reference = "run scripts/generate reference"
        copies.append(
            contentsOf: [
                ("gbt4754-2017-industries.csv", ReferenceTables.industriesCSV),
                ("chongqing-divisions.csv", ReferenceTables.chongqingDivisionsCSV),
            ].map { Copy(source: "../shared/data/\($0)", bytes: Array(($1 + "\n").utf8), remedy: reference) })
        // Every product file on either side: the directory's and the compiled-in catalog's.
        let directory = repoRoot.appendingPathComponent(EmbeddedProducts.directory).path
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedProducts.files.map { ($0.name, Array($0.yaml.utf8)) })
        for name in Set(listed.filter { $0.hasSuffix(".yaml") }).union(embedded.keys).sorted() {
            let remedy = embedded[name] == nil ? "list it in EmbeddedProducts.files and rebuild" : "rebuild"
            copies.append(Copy(source: "\(EmbeddedProducts.directory)/\(name)", bytes: embedded[name], remedy: remedy))
        }
        return copies
    }()

    @Test(arguments: copies) func compiledInCopyIsItsSource(_ copy: Copy) throws {
        let url = repoRoot.appendingPathComponent(copy.source).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let message: Comment = "\(copy.source) is missing (\(url.path)); the binary holds a copy of it"
            if copy.source.hasPrefix("../"), !TestCluster.isCI {
                withKnownIssue("outside the repository, absent here; CI fails on it") { Issue.record(message) }
            } else {
                Issue.record(message)
            }
            return
        }
        guard let bytes = copy.bytes else {
            Issue.record("\(copy.source) is not compiled in: \(copy.remedy)")
            return
        }
        let source = Array(data)
        let same = bytes == source  // not inside #expect, which would print both (up to 60 KB each)
        #expect(same, "\(copy.source) and its copy differ \(Self.firstDifference(bytes, source)): \(copy.remedy)")
    }

    /// Where two texts first differ, as "at line N (byte B)", for the failure message.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let common = min(a.count, b.count)
        let index = (0..<common).first { a[$0] != b[$0] } ?? common
        let line = a[..<index].count { $0 == UInt8(ascii: "\n") } + 1
        return "at line \(line) (byte \(index); \(a.count) bytes compiled in, \(b.count) in the file)"
    }
}
