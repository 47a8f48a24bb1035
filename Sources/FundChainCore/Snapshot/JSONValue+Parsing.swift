extension JSONValue {
    /// Parses a JSON text (RFC 8259) exactly.
    ///
    /// Integers (no fraction, no exponent) that fit `Int64` become `.int`; every other number
    /// becomes `.double`, correctly rounded (`FastDecimal` where it applies, else `Double(String)`
    /// on the token); a number beyond the double range is an error. Strings must be valid UTF-8
    /// without raw control characters and without unpaired surrogate escapes. Duplicate object
    /// keys, trailing commas, leading zeros and nesting deeper than 512 are errors. Whitespace
    /// around the value is allowed.
    /// - Complexity: O(n) in the length of the text.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        let result: Result<JSONValue, JSONParseError> =
            bytes.withContiguousStorageIfAvailable { buffer in
                var parser = JSONParser(buffer)
                return Result { () throws(JSONParseError) in try parser.parseDocument() }
            }
            ?? Array(bytes).withUnsafeBufferPointer { buffer in
                var parser = JSONParser(buffer)
                return Result { () throws(JSONParseError) in try parser.parseDocument() }
            }
        self = try result.get()
    }

    /// Parses a JSON text given as a `String`.
    public init(parsing text: String) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8))
    }
}

/// A recursive-descent parser over a contiguous buffer.
struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0
    static let maxDepth = 512

    init(_ buffer: UnsafeBufferPointer<UInt8>) { b = buffer }

    func fail(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? i, reason: reason)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard i == b.count else { throw fail("unexpected data after the value") }
        return value
    }

    mutating func skipWhitespace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < b.count else { throw fail("unexpected end of input, expected a value") }
        switch b[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character, expected a value")
        }
    }

    mutating func literal(_ word: String) throws(JSONParseError) {
        let start = i
        for expected in word.utf8 {
            guard i < b.count, b[i] == expected else { throw fail("invalid literal, expected \(word)", at: start) }
            i += 1
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if i < b.count, b[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(members)
        }
        // Members are gathered first and hashed once into a table of the right size: growing
        // the dictionary member by member rehashed every key at each doubling.
        var pairs: [(key: String, value: JSONValue, offset: Int)] = []
        while true {
            skipWhitespace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = i
            let key = try parseString()
            skipWhitespace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            i += 1
            skipWhitespace()
            pairs.append((key, try parseValue(), keyOffset))
            if try closes(UInt8(ascii: "}"), "an object") { break }
        }
        members.reserveCapacity(pairs.count)
        for (key, value, offset) in pairs where members.updateValue(value, forKey: key) != nil {
            throw fail("duplicate key \"\(key)\"", at: offset)
        }
        return .object(members)
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            if try closes(UInt8(ascii: "]"), "an array") { return .array(elements) }
        }
    }

    /// After a member or element: consumes ',' (returns false) or the closing bracket (returns true).
    mutating func closes(_ close: UInt8, _ what: String) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard i < b.count else { throw fail("unexpected end of input in \(what)") }
        if b[i] == UInt8(ascii: ",") {
            i += 1
            return false
        }
        guard b[i] == close else { throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))' in \(what)") }
        i += 1
        depth -= 1
        return true
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = i
        if b[i] == UInt8(ascii: "-") { i += 1 }
        func isDigit(_ x: UInt8) -> Bool { x >= 0x30 && x <= 0x39 }
        guard i < b.count, isDigit(b[i]) else { throw fail("expected a digit") }
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if i < b.count, isDigit(b[i]) { throw fail("leading zero in a number") }
        } else {
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        var integral = true
        if i < b.count, b[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < b.count, isDigit(b[i]) else { throw fail("expected a digit after '.'") }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { throw fail("expected a digit in the exponent") }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        // Up to 18 digits always fit Int64: summed here rather than through a String.
        if integral, i - start <= 18 {
            var value: Int64 = 0
            for digit in b[(b[start] == UInt8(ascii: "-") ? start + 1 : start)..<i] {
                value = value &* 10 &+ Int64(digit &- 0x30)
            }
            return .int(b[start] == UInt8(ascii: "-") ? -value : value)
        }
        let bytes = UnsafeBufferPointer(rebasing: b[start..<i])
        if !integral, let value = FastDecimal.double(UnsafeRawBufferPointer(bytes)) { return .double(value) }
        let token = String(decoding: bytes, as: UTF8.self)
        if integral, let value = Int64(token) { return .int(value) }
        guard let value = Double(token), value.isFinite else { throw fail("number out of range", at: start) }
        return .double(value)
    }

    /// Parses a string starting at its opening quote.
    ///
    /// Most strings (keys, codes, names) have no escape: they are cut from the buffer in one
    /// piece, ASCII without a check and anything else validated as UTF-8 once.
    mutating func parseString() throws(JSONParseError) -> String {
        i += 1
        let start = i
        var ascii = true
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: b[start..<i])
                i += 1
                if ascii { return String(decoding: run, as: UTF8.self) }
                guard let s = String(validating: run, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        return try parseEscapedString(from: start)
    }

    /// The rest of a string from `start` (after its opening quote) once an escape, a control
    /// character or the end of the input was met at `i`.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var bytes = Array(UnsafeBufferPointer(rebasing: b[start..<i]))
        var runStart = i
        while true {
            guard i < b.count else { throw fail("unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                i += 1
                break
            }
            if c < 0x20 { throw fail("raw control character in a string") }
            if c == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                try parseEscape(into: &bytes)
                runStart = i
                continue
            }
            i += 1
        }
        // Valid UTF-8 only (escapes always produce valid scalars).
        guard let s = String(validating: bytes, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
        return s
    }

    mutating func parseEscape(into bytes: inout [UInt8]) throws(JSONParseError) {
        let at = i
        i += 1
        guard i < b.count else { throw fail("unterminated escape") }
        let c = b[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""): bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C)
        case UInt8(ascii: "/"): bytes.append(0x2F)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
                    throw fail("unpaired surrogate escape", at: at)
                }
                i += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate escape", at: at) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw fail("unpaired surrogate escape", at: at)
            }
            bytes.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default: throw fail("invalid escape", at: at)
        }
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}
