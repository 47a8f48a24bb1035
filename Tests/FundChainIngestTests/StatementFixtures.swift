import Foundation
import FundChainCore
import FundChainTestSupport
import Testing

@testable import FundChainIngest

/// Parses statement files and texts the way the ingest does: fed in chunks of any size.
enum StatementFixtures {
    static let directory = repoRoot.appendingPathComponent("Tests/Fixtures/statements")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    struct Parsed {
        var lines: [StatementLine] = []
        var rejects: [RowReject] = []
        var statements: [StatementReconciliation] = []
    }

    static func parse(_ bytes: [UInt8], format: StatementFormat, chunk: Int = 1 << 20) throws(IngestError) -> Parsed {
        var parser = format.parser(file: "test")!
        var out = Parsed()
        func handle(_ event: StatementEvent) {
            switch event {
            case .entry(let l): out.lines.append(l)
            case .reject(let r): out.rejects.append(r)
            case .statement(let s): out.statements.append(s)
            }
        }
        var i = 0
        repeat {
            let part = Array(bytes[i..<min(i + chunk, bytes.count)])
            var failure: IngestError?
            part.withUnsafeBytes { buf in
                do throws(IngestError) { try parser.feed(buf, handle) } catch { failure = error }
            }
            if let failure { throw failure }
            i += chunk
        } while i < bytes.count
        try parser.finish(handle)
        return out
    }

    static func parse(file name: String, chunk: Int = 1 << 20) throws -> Parsed {
        let format: StatementFormat = name.hasSuffix(".xml") ? .camt053 : .mt940
        return try parse(try bytes(name), format: format, chunk: chunk)
    }

    static func parse(_ text: String, format: StatementFormat, chunk: Int = 1 << 20) throws(IngestError) -> Parsed {
        try parse(Array(text.utf8), format: format, chunk: chunk)
    }
}
