import ArgumentParser
import FundChainReports

/// `--score-drop POINTS`, taken by the commands that raise warnings (`build`, `warnings scan`).
struct ScoreDropOption: ParsableArguments {
    @Option(
        name: .customLong("score-drop"),
        help: ArgumentHelp("Warnings: a score drop of more than this many points is one.", valueName: "points"))
    var points = WarningDetector().scoreDrop

    func validate() throws {
        if points < 0 { throw ValidationError("--score-drop must be 0 or more") }
    }

    var detector: WarningDetector { WarningDetector(scoreDrop: points) }
}
