// openapi.yaml compiled in as a SwiftPM resource: openapi.yaml in this target is a symlink to the
// repository's openapi.yaml, embedded by `.embedInCode` in Package.swift as
// `PackageResources.openapi_yaml`. Nothing to regenerate for this copy (GeneratedSources still
// comes from `scripts/generate openapi`).

/// The HTTP interface's definition compiled into the binary, served at GET /openapi.yaml.
package enum EmbeddedOpenAPI {
    /// openapi.yaml's text without its final newline, as GET /openapi.yaml has always served it.
    /// Decoded once, on first use (about 32 KB).
    package static let yaml: String = {
        let bytes = PackageResources.openapi_yaml
        return String(decoding: bytes.last == UInt8(ascii: "\n") ? bytes.dropLast() : bytes[...], as: UTF8.self)
    }()
}
