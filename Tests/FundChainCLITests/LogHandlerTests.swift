import Logging
import Testing

@testable import fundchain

/// The CLI's log lines keep swift-log's `StreamLogHandler` layout (operators and scripts read
/// them, e.g. Benchmarks/server/run.sh).
@Suite struct LogHandlerTests {
    @Test func aLineHasTheStreamLogHandlerLayout() {
        var handler = StderrLogHandler(label: "fundchain")
        handler[metadataKey: "hb.request.id"] = "7"
        handler[metadataKey: "fundchain.batch"] = "1"
        let event = LogEvent(
            level: .info, message: "serving snapshot batch",
            metadata: ["fundchain.batch": "12", "fundchain.firms": "3"],
            source: "FundChainServer", file: #fileID, function: #function, line: #line)
        #expect(
            handler.line(event, timestamp: "2026-11-29T14:01:24+0000")
                == "2026-11-29T14:01:24+0000 info fundchain: fundchain.batch=12 fundchain.firms=3 hb.request.id=7 [FundChainServer] serving snapshot batch\n"
        )
        handler[metadataKey: "hb.request.id"] = nil
        handler[metadataKey: "fundchain.batch"] = nil
        let bare = LogEvent(level: .warning, message: "m", metadata: nil, source: "S", file: "", function: "", line: 0)
        #expect(handler.line(bare, timestamp: "T") == "T warning fundchain: [S] m\n")
    }

    @Test func aTimestampIsLocalISO8601() {
        let stamp = StderrLogHandler.timestamp()
        #expect(stamp.count == 24 && stamp.dropFirst(10).first == "T", "\(stamp)")
    }
}
