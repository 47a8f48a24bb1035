/// A Unified Social Credit Code (统一社会信用代码, GB 32100-2015): the 18-character identifier of
/// every registered organisation in China.
///
/// Layout: 1 registration authority, 2 organisation type, 3–8 registering region (administrative
/// division code), 9–17 organisation code, 18 check character. The alphabet is `0-9` and
/// `A-H J-N P-R T U W-Y` (no I, O, S, V, Z), 31 characters whose values are their positions.
public struct USCC: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The 18 characters, upper case.
    public let code: String

    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// ASCII byte → value in the alphabet, or -1.
    static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    /// Why a text is not a valid USCC.
    public enum ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongLength(Int)
        case invalidCharacter(position: Int, character: Character)
        case checkCharacterMismatch(expected: Character, found: Character)

        public var description: String {
            switch self {
            case .wrongLength(let n): "USCC must have 18 characters, found \(n)"
            case .invalidCharacter(let p, let c): "invalid character '\(c)' at position \(p) of USCC"
            case .checkCharacterMismatch(let e, let f): "USCC check character is '\(f)', expected '\(e)'"
            }
        }
    }

    /// Validates `text` (lower case letters are accepted and upper-cased).
    public init(_ text: some StringProtocol) throws(ValidationError) {
        let bytes = Array(text.utf8).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        guard bytes.count == 18 else { throw .wrongLength(text.count) }
        var sum = 0
        for i in 0..<18 {
            let b = bytes[i]
            let v = b < 128 ? Int(Self.values[Int(b)]) : -1
            guard v >= 0 else {
                throw .invalidCharacter(position: i + 1, character: Character(Unicode.Scalar(b)))
            }
            if i < 17 { sum += v * Self.weights[i] }
        }
        let expected = Self.alphabet[(31 - sum % 31) % 31]
        guard expected == bytes[17] else {
            throw .checkCharacterMismatch(
                expected: Character(Unicode.Scalar(expected)), found: Character(Unicode.Scalar(bytes[17])))
        }
        self.code = String(decoding: bytes, as: UTF8.self)
    }

    /// Completes a 17-character body with its check character.
    /// - Precondition: `body` has 17 characters of the USCC alphabet.
    public static func withCheckCharacter(body: some StringProtocol) -> USCC? {
        let bytes = Array(body.utf8)
        guard bytes.count == 17 else { return nil }
        var sum = 0
        for i in 0..<17 {
            let b = bytes[i]
            let v = b < 128 ? Int(values[Int(b)]) : -1
            guard v >= 0 else { return nil }
            sum += v * weights[i]
        }
        let check = alphabet[(31 - sum % 31) % 31]
        return try? USCC(String(decoding: bytes + [check], as: UTF8.self))
    }

    /// The registering region: the 6-digit administrative division code in characters 3–8.
    public var registrationRegion: Substring { code.dropFirst(2).prefix(6) }

    public var description: String { code }

    public static func < (lhs: USCC, rhs: USCC) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try USCC(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
