// schema.sql compiled in as a SwiftPM resource: Schema/schema.sql is a symlink to the repository's
// schema.sql (the one definition of the database), embedded by `.embedInCode` in Package.swift as
// `PackageResources.schema_sql`. Nothing to regenerate: the next build embeds the edited file
// (scripts/generate says why resources, and what they cost to build).

/// The database schema compiled into this binary: `schema.sql` at the repository root.
package enum EmbeddedSchema {
    /// The file's text without its final newline: the text `Migrator` applies and whose sha256 it
    /// records in `schema_migrations` (the text the generated copy held before, so recorded hashes
    /// still match). Decoded once, on first use (about 38 KB).
    package static let sql: String = {
        let bytes = PackageResources.schema_sql
        return String(decoding: bytes.last == UInt8(ascii: "\n") ? bytes.dropLast() : bytes[...], as: UTF8.self)
    }()
}
