import FundChainCore

/// The printable one-page snapshot report (`snapshot export --format html`, `snapshot show
/// --format html`): self-contained HTML, inline CSS with an A4 print layout, every text escaped.
public enum SnapshotReportHTML {
    /// One stored snapshot: its row's identity and hashes, its body, and its inclusion proof.
    public struct Input: Sendable {
        public var snapshotID: Int64
        public var batchID: Int64
        /// The snapshot's hash and its firm's previous snapshot's (`nil` for the first), hex.
        public var hash: String
        public var prevHash: String?
        public var body: SnapshotBody
        public var proof: Proof

        public init(
            snapshotID: Int64, batchID: Int64, hash: String, prevHash: String?, body: SnapshotBody, proof: Proof
        ) {
            self.snapshotID = snapshotID
            self.batchID = batchID
            self.hash = hash
            self.prevHash = prevHash
            self.body = body
            self.proof = proof
        }
    }

    /// The snapshot's RFC 6962 inclusion proof in its batch's Merkle tree.
    public struct Proof: Sendable {
        /// The batch's stored Merkle root, hex.
        public var merkleRoot: String
        public var leafIndex: Int
        public var treeSize: Int
        /// Leaf to root, hex.
        public var auditPath: [String]
        /// Whether the path leads from the snapshot's hash to the root.
        public var isValid: Bool

        public init(merkleRoot: String, leafIndex: Int, treeSize: Int, auditPath: [String], isValid: Bool) {
            self.merkleRoot = merkleRoot
            self.leafIndex = leafIndex
            self.treeSize = treeSize
            self.auditPath = auditPath
            self.isValid = isValid
        }
    }

    /// The whole HTML document.
    /// - Complexity: O(body size).
    public static func render(_ input: Input) -> String {
        let (body, proof) = (input.body, input.proof)
        let firm = body.firm
        let (id, batch, uscc, score) = (input.snapshotID, input.batchID, firm.uscc, body.score)
        let regionCode = try? RegionCode(firm.region)
        let place = [regionCode?.district?.name, regionCode?.name].compactMap { $0 }.joined(separator: " ")
        var parts: [String] = []
        parts.append(HTML.text("h1", "\(firm.name)  \(uscc)"))
        parts.append(
            HTML.text("p", ["class": "sub"], "FundChain profile snapshot \(id) · batch \(batch) · as of \(body.asOf)"))
        parts.append(
            HTML.table(
                header: nil,
                rows: [
                    ["Industry", "\(firm.industry) \((try? IndustryCode(firm.industry))?.name ?? "")"],
                    ["Region", "\(firm.region) \(place)"],
                    ["Founded", firm.foundedOn.description],
                    ["Core enterprise", firm.isCore ? "yes" : "no"],
                    ["Window", "\(body.window.span) (\(body.window.months) months)"],
                ], class: "facts"))
        parts.append(
            HTML.element(
                "div", ["class": "score"],
                HTML.text("span", "Score \(score.points)")
                    + HTML.text("span", "PD \(FeatureFormat.decimal(score.pd * 100, places: 2)) %")
                    + HTML.text("span", "Grade \(score.grade)")))
        parts.append(HTML.text("h2", "Reasons"))
        if body.reasons.isEmpty { parts.append(HTML.text("p", "No feature cost points.")) }
        parts.append(
            HTML.element(
                "ol",
                body.reasons.map { r in
                    let head = "\(r.code) \(r.text) (−\(r.pointsLost) points)"
                    let evidence = r.evidence.map { HTML.text("li", $0.text) }
                    return HTML.element(
                        "li", HTML.text("span", head) + (evidence.isEmpty ? "" : HTML.element("ul", evidence.joined())))
                }.joined()))
        parts.append(HTML.text("h2", "Scored features"))
        // Two columns of features, so the report stays on one A4 page.
        let rows = featureRows(body)
        let half = (rows.count + 1) / 2
        parts.append(
            HTML.element(
                "div", ["class": "cols"],
                [rows[..<half], rows[half...]].map {
                    HTML.table(
                        header: ["feature", "value", "points"], rows: Array($0), numeric: [1, 2], class: "features")
                }.joined()))
        parts.append(HTML.text("h2", "Model and integrity"))
        let integrity = [
            ["Model", "\(body.model.id) v\(body.model.version)"],
            ["Model sha256", body.model.sha256],
            ["Input fingerprint", body.inputFingerprint],
            ["Snapshot hash", input.hash],
            ["Previous hash", input.prevHash ?? "none (the firm's first snapshot)"],
            ["Batch Merkle root", proof.merkleRoot],
            [
                "Inclusion proof",
                "leaf \(proof.leafIndex) of \(proof.treeSize) · \(proof.isValid ? "checks OK" : "DOES NOT CHECK")",
            ],
        ]
        parts.append(HTML.table(header: nil, rows: integrity, class: "integrity"))
        parts.append(
            HTML.element(
                "div", ["class": "path"],
                HTML.text("div", "Audit path (RFC 6962 §2.1.1, leaf to root):")
                    + HTML.element("ol", ["start": "0"], proof.auditPath.map { HTML.text("li", $0) }.joined())))
        parts.append(
            HTML.text(
                "p", ["class": "foot"],
                "hash = SHA-256(previous hash ‖ \"\\n\" ‖ canonical body); Merkle root per RFC 6962. Re-check with "
                    + "`fundchain snapshot verify --firm \(uscc)` and the proof with the Python of docs/snapshots.md."))
        return HTML.document(
            title: "Snapshot \(id) · \(firm.name) \(uscc)", style: style, body: parts.joined(separator: "\n"))
    }

    /// The scored features in catalog order (then any other scored name), value with its unit.
    static func featureRows(_ body: SnapshotBody) -> [[String]] {
        let points = body.featurePoints
        let known = ProfileCatalog.definitions.filter { points[$0.name] != nil }
        let names =
            known.map { ($0.name, $0.unit) }
            + points.keys.filter { n in !known.contains { $0.name == n } }.sorted().map { ($0, "") }
        return names.map { name, unit in
            [name, FeatureFormat.text(body.features[name], unit: unit), points[name].map(String.init) ?? ""]
        }
    }

    static let style = """
        body { font: 9.5pt/1.3 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; margin: 16px auto; max-width: 190mm; }
        h1 { font-size: 15pt; margin: 0 0 2px; }
        h2 { font-size: 11pt; margin: 10px 0 4px; border-bottom: 1px solid #999; }
        .sub, .foot { color: #555; font-size: 8.5pt; margin: 0 0 6px; }
        table { border-collapse: collapse; width: 100%; }
        td, th { padding: 1px 6px; text-align: left; vertical-align: top; }
        th { border-bottom: 1px solid #999; }
        td.num, th.num { text-align: right; }
        table.facts td:first-child, table.integrity td:first-child { width: 32mm; color: #555; white-space: nowrap; }
        table.features { font-size: 8.5pt; }
        .cols { display: flex; gap: 12px; align-items: flex-start; }
        .path { font-size: 8pt; color: #333; margin-top: 4px; }
        .path ol { font: 7.5pt/1.25 monospace; padding-left: 22px; margin: 0; }
        table.features tr:nth-child(even) td { background: #f2f2f2; }
        table.integrity td:last-child { font: 8pt monospace; word-break: break-all; }
        .score { display: flex; gap: 14px; font-size: 13pt; font-weight: bold; margin: 8px 0; }
        .score span { border: 1px solid #333; padding: 2px 10px; }
        ol { margin: 0; padding-left: 20px; } ul { margin: 0; padding-left: 16px; color: #333; font-size: 9pt; }
        @page { size: A4; margin: 12mm; }
        @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
        """
}
