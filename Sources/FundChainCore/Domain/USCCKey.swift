/// An 18-character USCC packed into two integers (6 bits per character: digits and capital
/// letters), for hash tables over millions of rows where hashing and comparing `String`s would
/// dominate. Only the characters are packed; validity (check character) is `USCC`'s job.
public struct USCCKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// `nil` unless `bytes` are exactly 18 ASCII digits or capital letters.
    ///
    /// Concrete (not generic) on purpose: it runs once per row on millions of rows.
    public init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 18 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<18 {
            let b = bytes[i]
            let v: UInt64
            switch b {
            case 0x30...0x39: v = UInt64(b - 0x30)
            case 0x41...0x5A: v = UInt64(b - 0x41 + 10)
            default: return nil
            }
            if i < 9 { high = high << 6 | v } else { low = low << 6 | v }
        }
        self.high = high
        self.low = low
    }

    public init?(_ text: String) {
        var text = text
        guard let key = text.withUTF8({ USCCKey(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = key
    }
}
