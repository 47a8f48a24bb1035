// The starter product catalog compiled in as SwiftPM resources: Resources/products is a symlink to
// the repository's products/, embedded by `.embedInCode` in Package.swift, one
// `PackageResources.<name>` per file, so `fundchain products load` works from any directory.
// Nothing to regenerate when a product changes; a product added to products/ needs its line in
// `files` (SwiftPM names each array after the file name alone, "01-cashflow-loan.yaml" becoming
// `_1_cashflow_loan_yaml`, and lists none), and EmbeddedCopiesTests fails until it has one.

/// The starter product catalog compiled into the CLI.
enum EmbeddedProducts {
    /// The catalog's directory from the repository root (and the default `products load` reads).
    static let directory = "products"

    /// (file name, text byte for byte, final newline included), in file-name order, so the catalog's
    /// sha256 is the same whether the directory or this copy was loaded. Built on each use (13 KB).
    static var files: [(name: String, yaml: String)] {
        let files: [(String, [UInt8])] = [
            ("01-cashflow-loan.yaml", PackageResources._1_cashflow_loan_yaml),
            ("02-receivables-finance.yaml", PackageResources._2_receivables_finance_yaml),
            ("03-order-finance.yaml", PackageResources._3_order_finance_yaml),
            ("04-tax-credit-loan.yaml", PackageResources._4_tax_credit_loan_yaml),
            ("05-first-loan.yaml", PackageResources._5_first_loan_yaml),
            ("06-auto-chain-loan.yaml", PackageResources._6_auto_chain_loan_yaml),
            ("07-electronics-chain-loan.yaml", PackageResources._7_electronics_chain_loan_yaml),
            ("08-tech-credit.yaml", PackageResources._8_tech_credit_yaml),
            ("09-green-credit.yaml", PackageResources._9_green_credit_yaml),
            ("10-trade-services-loan.yaml", PackageResources._0_trade_services_loan_yaml),
        ]
        return files.map { (name: $0.0, yaml: String(decoding: $0.1, as: UTF8.self)) }
    }
}
