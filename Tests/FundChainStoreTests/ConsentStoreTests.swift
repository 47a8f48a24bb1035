import FundChainCore
import FundChainIngest
import FundChainStore
import FundChainTestSupport
import PostgresNIO
import Testing

@Suite(.enabled(if: TestCluster.enabled, "PostgreSQL is not installed (apt-get install -y postgresql)"))
struct ConsentStoreTests {
    static let header = "uscc,bank,purpose,reference,granted_at,expires_at\n"

    func loadFirms(_ db: Database, files: FixtureFiles) async throws {
        let firms = try await Ingestor(database: db).ingest(
            .firms, path: try files.write("firms.csv", SmallRegion.firms))
        #expect(firms.loaded == 3)
    }

    /// Every row read ends loaded, duplicate or rejected with its line, field and reason.
    @Test func importAccountsForEveryRow() async throws {
        let files = try FixtureFiles()
        defer { files.remove() }
        let a = SmallRegion.automaker, s = SmallRegion.supplier
        let csv =
            Self.header + """
                \(a),CQRCB,score,AUTH-1,2026-01-01,2027-01-01
                \(a),CQRCB,profile,AUTH-1,2026-01-01,
                \(s),ICBC,products,AUTH-2,2026-02-01,
                \(a),CQRCB,score,AUTH-1,2026-01-01,2027-01-01
                91500000MA0000001B,CQRCB,score,AUTH-3,2026-01-01,
                \(a),CQRCB,lending,AUTH-4,2026-01-01,
                \(a),CQRCB,score,AUTH-5,2026-13-01,
                \(a),CQRCB,score,AUTH-6,2026-05-01,2026-05-01
                \(a),CQRCB,score,,2026-05-01,
                \(a),CQRCB,score,AUTH-7

                """
        try await withTestDatabase { db in
            try await loadFirms(db, files: files)
            let path = try files.write("consents.csv", csv)
            let summary = try await Ingestor(database: db).ingest(.consents, path: path)
            #expect(summary.read == 10 && summary.loaded == 3 && summary.duplicate == 1 && summary.rejected == 6)
            #expect(summary.read == summary.loaded + summary.duplicate + summary.rejected)
            let rejects = try await db.client.query(
                "SELECT line, field, reason FROM ingest_rejects WHERE run_id = \(summary.runID) ORDER BY line"
            ).collect().map { try $0.decode((Int64, String, String).self) }
            // Lines count the header as line 1.
            let expected: [(Int64, String, String)] = [
                (6, "uscc", "unknown_firm"), (7, "purpose", "invalid_code"), (8, "granted_at", "invalid_date"),
                (9, "expires_at", "invalid_date"), (10, "reference", "missing_value"), (11, "*", "wrong_field_count"),
            ]
            #expect(rejects.count == expected.count)
            for (got, want) in zip(rejects, expected) { #expect(got == want) }

            let all = try await ConsentStore(database: db).list()
            #expect(all.map(\.consent.reference) == ["AUTH-1", "AUTH-1", "AUTH-2"])
            #expect(all.allSatisfy { $0.runID == summary.runID })
            #expect(
                all[0].consent.expiresOn == (try CalendarDate(parsing: "2027-01-01")) && all[1].consent.expiresOn == nil
            )

            // Loading the same file again: everything valid is a duplicate.
            let again = try await Ingestor(database: db).ingest(.consents, path: path)
            #expect(again.loaded == 0 && again.duplicate == 4 && again.rejected == 6)
        }
    }

    @Test func grantIsIdempotentAndRevokeHappensOnce() async throws {
        try await withTestDatabase { db in
            let store = ConsentStore(database: db)
            let row = ConsentRow(
                uscc: try USCC(SmallRegion.supplier), bankCode: "CQRCB", purpose: .score, reference: "R-9",
                grantedOn: try CalendarDate(parsing: "2026-01-01"), expiresOn: nil)
            let (first, created) = try await store.grant(row)
            #expect(created)
            let (second, createdAgain) = try await store.grant(row)
            #expect(!createdAgain && second.consent.id == first.consent.id)
            var other = row
            other.bankCode = "ICBC"
            _ = try await store.grant(other)

            let revoked = try await store.revoke(reference: "R-9", bankCode: "CQRCB")
            #expect(revoked.map(\.consent.id) == [first.consent.id] && revoked[0].revokedAt != nil)
            #expect(try await store.revoke(reference: "R-9", bankCode: "CQRCB").isEmpty)
            let today = try CalendarDate(parsing: "2026-06-01")
            #expect(try await store.current(on: today).map(\.bankCode) == ["ICBC"])
        }
    }

    /// Evidence: a consent can be revoked, nothing else; not even by its owner's grants.
    @Test func consentsAreAppendOnlyButForRevocation() async throws {
        try await withTestDatabase { db in
            let store = ConsentStore(database: db)
            let row = ConsentRow(
                uscc: try USCC(SmallRegion.automaker), bankCode: "CQRCB", purpose: .profile, reference: "R-1",
                grantedOn: try CalendarDate(parsing: "2026-01-01"), expiresOn: nil)
            let id = try await store.grant(row).record.consent.id
            let before = try await store.marker()
            for statement in [
                "UPDATE consents SET reference = 'R-2'", "UPDATE consents SET expires_at = '2030-01-01'",
                "DELETE FROM consents", "TRUNCATE consents",
            ] {
                await #expect(throws: (any Error).self, "\(statement)") {
                    try await db.client.query(PostgresQuery(unsafeSQL: statement))
                }
            }
            _ = try await store.revoke(reference: "R-1")
            let after = try await store.marker()
            #expect(after.maxID == id && after != before, "a revocation moves the change marker")
            // Revoked is final: un-revoking is refused too.
            await #expect(throws: (any Error).self) {
                try await db.client.query("UPDATE consents SET revoked_at = NULL")
            }
        }
    }
}
