/// The one error type of FundChainStore. Its description is safe to show a user: no SQL text,
/// no passwords, no account numbers.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case postgresNotInstalled, clusterFailed, connectionFailed, migrationFailed, ingestFailed, snapshotFailed,
                notFound,
                invalidInput, corruptData
        }
        let base: Base
        public static let postgresNotInstalled = Code(base: .postgresNotInstalled)
        public static let clusterFailed = Code(base: .clusterFailed)
        public static let connectionFailed = Code(base: .connectionFailed)
        public static let migrationFailed = Code(base: .migrationFailed)
        public static let ingestFailed = Code(base: .ingestFailed)
        public static let snapshotFailed = Code(base: .snapshotFailed)
        public static let notFound = Code(base: .notFound)
        public static let invalidInput = Code(base: .invalidInput)
        /// The database holds something ingest would never have written.
        public static let corruptData = Code(base: .corruptData)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
