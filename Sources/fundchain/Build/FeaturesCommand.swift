import ArgumentParser
import FundChainCore

/// `fundchain features`: the documented list of profile features.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features", abstract: "List every profile feature with its family, unit, window and definition.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, csv }

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format = Format.markdown

    func run() {
        switch format {
        case .markdown:
            print(ProfileCatalog.markdown, terminator: "")
        case .csv:
            print("name,family,unit,window,categorical,direction,definition")
            for d in ProfileCatalog.definitions {
                let fields = [
                    d.name, d.family.rawValue, d.unit, d.window, d.isCategorical ? "1" : "0",
                    d.direction?.rawValue ?? "", d.summary,
                ]
                print(fields.map(csvField).joined(separator: ","))
            }
        }
    }
}
