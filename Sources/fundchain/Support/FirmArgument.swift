import ArgumentParser
import FundChainCore

/// The `USCC` argument of the per-firm commands (`profile`, `products match`), checked in `validate()`.
struct FirmArgument: ParsableArguments {
    @Argument(help: "The firm's unified social credit code.")
    var uscc: String

    func validate() throws {
        do { _ = try USCC(uscc) } catch { throw ValidationError("\(uscc): \(error)") }
    }

    /// The code, checked by `validate()`.
    var code: String { (try? USCC(uscc).code) ?? uscc }
}

/// `--format table|json` of the commands that show a result to people or to programs.
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable { case table, json }
