import FundChainReports

/// `HTML` moved from FundChainCore into FundChainReports (the one HTML escaper); this keeps it in
/// scope for the CLI's one HTML writer that imports only the core, SnapshotReportHTML.swift,
/// which is moving into FundChainReports too (issue 17). Delete this file when it has moved.
typealias HTML = FundChainReports.HTML
