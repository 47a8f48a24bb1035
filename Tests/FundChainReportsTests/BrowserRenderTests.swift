import Foundation
import FundChainCore
import Testing

@testable import FundChainReports

/// Headless Chromium (Debian's `chromium`), for rendering the HTML reports the way a reader
/// sees them. Without it the browser tests are skipped on a developer's machine and fail under CI
/// (`CI=true`), where a skipped browser test would hide a broken set-up.
enum Browser {
    static let environment = ProcessInfo.processInfo.environment
    static let isCI = environment["CI"] == "true"

    /// `$CHROMIUM`, else `chromium` or `chromium-browser` on the PATH.
    static let path: String? = {
        if let explicit = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()

    static let enabled = isCI || path != nil

    /// Where the screenshots go (kept, to be looked at): `$FUNDCHAIN_REPORT_PNG_DIR`, else a folder
    /// in the temporary directory.
    static let output = environment["FUNDCHAIN_REPORT_PNG_DIR"] ?? NSTemporaryDirectory() + "fundchain-report-png"

    /// Renders `html` to `name`.png; returns the console messages Chromium logged. The reports
    /// hold no script, so any console message (a script error, a resource that failed to load, a
    /// blocked request) is a failure.
    static func render(_ html: String, name: String) throws -> (png: String, console: [String]) {
        let chromium = try #require(path, "chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let page = "\(output)/\(name).html"
        let png = "\(output)/\(name).png"
        try? FileManager.default.removeItem(atPath: png)
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let profile = NSTemporaryDirectory() + "fundchain-chromium-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile)",
            "--window-size=1280,2400", "--enable-logging=stderr", "--v=0", "--screenshot=\(png)", "file://\(page)",
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0, "chromium exited with \(process.terminationStatus): \(log.suffix(2_000))")
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (png, console)
    }
}

@Suite(.enabled(if: Browser.enabled, "chromium is not installed (apt-get install -y chromium fonts-noto-cjk)"))
struct BrowserRenderTests {
    /// Every report on the fixtures (risk with a stress scenario, a backtest, champion and challenger), so every chart kind is drawn.
    static func reports() throws -> [Report] {
        let batch = ReportFixture.current
        let circuits = try RiskReport.Circuits(batch, flows: ChainRiskReportTests.flows)
        let t0 = Date(timeIntervalSince1970: 1_767_225_600)
        let warnings = WarningDetector().detect(batch, previous: ReportFixture.previous).enumerated().map { i, w in
            StoredWarning(
                id: Int64(i + 1), batchID: 2, uscc: w.uscc, name: "企业 <\(i)>", industry: "C3670", region: "500112004",
                kind: w.kind.rawValue, detail: w.detail, raisedAt: t0, handledAt: i == 0 ? t0 + 7_200 : nil,
                note: i == 0 ? "已电话核实" : nil)
        }
        return [
            try ChainReport.build(batch, flows: ChainRiskReportTests.flows),
            RegionReport.build(batch),
            RiskReport.build(batch, circuits: circuits, monthly: [], shock: [1]),
            WarningsReport.build(
                batch, previous: ReportFixture.previous, warnings: warnings, scoreDrop: 30,
                outcomes: WarningOutcomesTests.outcomes()),
            PortfolioReport.build(batch, previous: ReportFixture.previous),
            GapReport.build(batch),
            BacktestReportTests.report(),
            ChallengerReport.build(ChallengerReportTests.batch(), outcomes: try ChallengerReportTests.outcomes()),
        ]
    }

    @Test func everyReportRendersWithoutConsoleErrors() throws {
        for report in try Self.reports() {
            let html = try report.rendered(as: .html)
            let (png, console) = try Browser.render(html, name: report.kind)
            #expect(console.isEmpty, "\(report.kind): \(console)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(png) is not a PNG")
            #expect(bytes.count > 10_000, "\(png): \(bytes.count) bytes")
        }
    }

    /// The check itself: a page with a script error and a console error must be caught.
    @Test func aDeliberateErrorIsCaught() throws {
        let page =
            "<!DOCTYPE html><html><body><p>x</p><script>console.error('deliberate'); notDefined();</script></body></html>"
        let (_, console) = try Browser.render(page, name: "deliberate-error")
        #expect(console.contains { $0.contains("deliberate") })
        #expect(console.contains { $0.contains("notDefined") })
    }
}
