import Foundation

/// The starter product catalog the repository ships (`products/*.yaml`).
package enum ShippedProducts {
    /// Every catalog file, by name, in name order.
    package static func files() throws -> [(name: String, yaml: String)] {
        let directory = repoRoot.appendingPathComponent("products")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        return try names.sorted()
            .map { (name: $0, yaml: try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }
}
