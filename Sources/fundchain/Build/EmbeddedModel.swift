// The default scorecard compiled in as a SwiftPM resource: Resources/sme-cashflow-v1.yaml is a
// symlink to scoring-models/sme-cashflow-v1.yaml, embedded by `.embedInCode` in Package.swift as
// `PackageResources.sme_cashflow_v1_yaml`, so `fundchain build` and `fundchain demo` work from any
// directory. Nothing to regenerate: the next build embeds the edited card.

/// The default scorecard compiled into the CLI.
enum EmbeddedModel {
    /// The card's path from the repository root (and from a working directory holding the card).
    static let path = "scoring-models/sme-cashflow-v1.yaml"

    /// The card's text, byte for byte (final newline included), so its sha256, stored with every
    /// snapshot, is the file's. Decoded on each use (about 16 KB).
    static var yaml: String { String(decoding: PackageResources.sme_cashflow_v1_yaml, as: UTF8.self) }
}
