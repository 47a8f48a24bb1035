import Foundation

/// A directory of files for a test, removed by the caller.
package struct FixtureFiles {
    package let directory: String

    package init() throws {
        directory = NSTemporaryDirectory() + "fundchain-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    package func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    package func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
