import FundChainCore

/// Reads a statement amount exactly: positive, at most `Money.maximumEntry`, with no more
/// decimals than its currency has.
enum StatementAmount {
    /// The message of an `amount_too_large` reject (the same for every format).
    static func tooLargeMessage(_ text: String) -> String {
        // The cap in words: its digits would be masked as an account-number-like run.
        "amount '\(text)' is above the cap of 10^13 yuan (10^15 fen, Money.maximumEntry) per entry"
    }

    /// `separator` is `.` in camt.053 and `,` in MT940.
    static func parse(_ text: String, currency: Currency, separator: UInt8) -> Result<Money, RowReject> {
        func fail(_ reason: RejectReason, _ message: String) -> Result<Money, RowReject> {
            .failure(RowReject(line: 0, field: "", reason: reason, message: message, raw: ""))
        }
        // Money counts hundredths: a currency with three decimals is read to two at most.
        let digits = min(currency.minorUnitDigits, 2)
        do {
            let money = try Money(parsing: text, maxDecimals: digits, decimalSeparators: [separator])
            guard money.fen > 0 else {
                return fail(
                    .nonPositiveAmount, "amount '\(text)' must be positive (the credit/debit mark gives the sign)")
            }
            guard money <= Money.maximumEntry else { return fail(.amountTooLarge, tooLargeMessage(text)) }
            return .success(money)
        } catch .tooManyDecimals(let n) {
            return fail(.tooManyDecimals, "amount '\(text)' has \(n) decimals; \(currency) has \(digits)")
        } catch .overflow {
            return fail(.amountTooLarge, tooLargeMessage(text))
        } catch {
            return fail(.invalidAmount, "amount '\(text)': \(error)")
        }
    }
}

/// Bank codes as statements give them.
public enum BankCode {
    /// A BIC with the primary-office branch `XXX` is the same bank as its 8-character form:
    /// `ABNANL2AXXX` → `ABNANL2A`. Spaces are dropped.
    public static func normalized(_ text: String) -> String {
        let code = text.replacingSpaces
        return code.utf8.count == 11 && code.hasSuffix("XXX") ? String(code.prefix(8)) : code
    }
}
