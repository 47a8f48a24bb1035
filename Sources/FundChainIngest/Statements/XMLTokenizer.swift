/// A push-based XML tokenizer for bank statements: feed it chunks of any size, it calls back
/// once per start tag, end tag and text run, with the line each began on.
///
/// It checks well-formedness as far as statements need (tags nest and match, one root,
/// attributes quoted, entities known) and refuses a DOCTYPE (no DTD, so no entity expansion
/// attacks). Only UTF-8 is accepted. Comments and processing instructions are skipped.
///
/// Why not FoundationXML's `XMLParser`: its `parse()` runs the whole document synchronously, so
/// the ingest could not pause between batches to write them (see docs/statement-formats.md).
///
/// Memory is bounded by the longest single token (at most `maxToken` bytes) and the nesting depth
/// (at most `maxDepth` elements), whatever the input.
///
/// - Complexity: O(n) in the bytes fed.
public struct XMLTokenizer: Sendable {
    public enum Event: Sendable, Equatable {
        /// A start tag (qualified name as written, attributes in order). A self-closing tag is
        /// followed by its `.end`.
        case start(name: String, attributes: [Attribute])
        case end(name: String)
        /// Character data (entities resolved, CDATA included); whitespace-only runs are dropped.
        case text(String)
    }

    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    static let maxToken = 16 << 20
    /// The deepest nesting of elements accepted (camt.053 needs about 12): deeper is an error,
    /// so a hostile file cannot grow the element stack without bound.
    public static let maxDepth = 64

    var pending: [UInt8] = []
    /// Line of `pending[0]`.
    var line = 1
    var stack: [String] = []
    var sawRoot = false
    var started = false

    public init() {}

    /// Depth of open elements.
    public var depth: Int { stack.count }

    /// Tokenizes `chunk`, calling `body` for each complete token. A token cut by the chunk's end
    /// is kept for the next call.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (Event, Int) throws -> Void) throws {
        pending.append(contentsOf: chunk.bindMemory(to: UInt8.self))
        try drain(final: false, body)
    }

    /// Ends the input: anything left must complete the document.
    public mutating func finish(_ body: (Event, Int) throws -> Void) throws {
        try drain(final: true, body)
        if let open = stack.last { throw ParseError(line: line, message: "the file ends inside <\(open)>") }
        if !sawRoot { throw ParseError(line: line, message: "no XML element found") }
    }

    mutating func drain(final: Bool, _ body: (Event, Int) throws -> Void) throws {
        var i = 0
        if !started {
            guard pending.count >= 3 || final else { return }
            started = true
            if pending.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        }
        let count = pending.count
        var consumedLine = line
        defer {
            pending.removeFirst(i)
            line = consumedLine
        }
        while i < count {
            let tokenLine = consumedLine
            let end: Int
            if pending[i] != UInt8(ascii: "<") {
                guard let lt = index(of: UInt8(ascii: "<"), from: i) ?? (final ? count : nil) else { break }
                end = lt
                try text(i..<end, line: tokenLine, body)
            } else {
                guard let tokenEnd = try markupEnd(from: i, final: final) else { break }
                end = tokenEnd
                try markup(i..<end, line: tokenLine, body)
            }
            for k in i..<end where pending[k] == 0x0A { consumedLine += 1 }
            i = end
        }
        if count - i > Self.maxToken { throw ParseError(line: consumedLine, message: "a token is longer than 16 MiB") }
    }

    func index(of byte: UInt8, from start: Int) -> Int? {
        var k = start
        while k < pending.count {
            if pending[k] == byte { return k }
            k += 1
        }
        return nil
    }

    func index(of pattern: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= pending.count else { return nil }
        var k = start
        while k + pattern.count <= pending.count {
            if pending[k] == pattern[0] && pending[k..<(k + pattern.count)].elementsEqual(pattern) { return k }
            k += 1
        }
        return nil
    }

    func hasPrefix(_ prefix: String, at i: Int) -> Bool? {
        let p = Array(prefix.utf8)
        let available = min(p.count, pending.count - i)
        guard pending[i..<(i + available)].elementsEqual(p[0..<available]) else { return false }
        return available == p.count ? true : nil
    }

    /// The index just past the markup token starting at `i` (`<`), or `nil` if not complete yet.
    func markupEnd(from i: Int, final: Bool) throws -> Int? {
        func need(_ closer: String, after start: Int) throws -> Int? {
            if let k = index(of: Array(closer.utf8), from: start) { return k + closer.utf8.count }
            if final { throw ParseError(line: line, message: "unterminated markup (expected '\(closer)')") }
            return nil
        }
        guard i + 1 < pending.count else {
            if final { throw ParseError(line: line, message: "unterminated tag") }
            return nil
        }
        let second = pending[i + 1]
        for (opener, closer) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")]
        where second == UInt8(ascii: "!") || second == UInt8(ascii: "?") {
            switch hasPrefix(opener, at: i) {
            case true?: return try need(closer, after: i + opener.utf8.count)
            case nil: if final { throw ParseError(line: line, message: "unterminated markup") } else { return nil }
            case false?: continue
            }
        }
        // A tag: find '>' outside quoted attribute values.
        var quote: UInt8 = 0
        var k = i + 1
        while k < pending.count {
            let b = pending[k]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                return k + 1
            }
            k += 1
        }
        if final { throw ParseError(line: line, message: "unterminated tag") }
        return nil
    }

    mutating func text(_ range: Range<Int>, line: Int, _ body: (Event, Int) throws -> Void) throws {
        if pending[range].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return }
        guard !stack.isEmpty else { throw ParseError(line: line, message: "text outside the root element") }
        try body(.text(try decode(range, line: line)), line)
    }

    mutating func markup(_ range: Range<Int>, line: Int, _ body: (Event, Int) throws -> Void) throws {
        let lo = range.lowerBound
        let second = pending[lo + 1]
        guard second == UInt8(ascii: "!") || second == UInt8(ascii: "?") else {
            if second == UInt8(ascii: "/") { return try endTag(range, line: line, body) }
            return try startTag(range, line: line, body)
        }
        if hasPrefix("<!--", at: lo) == true { return }
        if hasPrefix("<![CDATA[", at: lo) == true {
            guard !stack.isEmpty else { throw ParseError(line: line, message: "CDATA outside the root element") }
            let inner = (lo + 9)..<(range.upperBound - 3)
            guard let s = String(validating: pending[inner], as: UTF8.self) else {
                throw ParseError(line: line, message: "CDATA is not valid UTF-8")
            }
            try body(.text(s), line)
            return
        }
        if hasPrefix("<?", at: lo) == true {
            try declaration(range, line: line)
            return
        }
        throw ParseError(line: line, message: "DOCTYPE and DTD declarations are not accepted in a statement")
    }

    mutating func endTag(_ range: Range<Int>, line: Int, _ body: (Event, Int) throws -> Void) throws {
        var r = (range.lowerBound + 2)..<(range.upperBound - 1)
        while r.upperBound > r.lowerBound, isSpace(pending[r.upperBound - 1]) { r = r.lowerBound..<(r.upperBound - 1) }
        // The common case, compared as bytes: the name closes the open element.
        if let open = stack.last, open.utf8.elementsEqual(pending[r]) {
            stack.removeLast()
            return try body(.end(name: open), line)
        }
        let name = try self.name(in: r, line: line, trailingSpace: true)
        guard let open = stack.popLast() else { throw ParseError(line: line, message: "unexpected </\(name)>") }
        throw ParseError(line: line, message: "</\(name)> does not close <\(open)>")
    }

    mutating func startTag(_ range: Range<Int>, line: Int, _ body: (Event, Int) throws -> Void) throws {
        var hi = range.upperBound - 1  // at '>'
        let selfClosing = pending[hi - 1] == UInt8(ascii: "/")
        if selfClosing { hi -= 1 }
        var k = range.lowerBound + 1
        let nameStart = k
        while k < hi, !isSpace(pending[k]) { k += 1 }
        let name = try self.name(in: nameStart..<k, line: line, trailingSpace: false)
        var attributes: [Attribute] = []
        while true {
            while k < hi, isSpace(pending[k]) { k += 1 }
            if k >= hi { break }
            let attrStart = k
            while k < hi, pending[k] != UInt8(ascii: "="), !isSpace(pending[k]) { k += 1 }
            let attrName = try self.name(in: attrStart..<k, line: line, trailingSpace: false)
            while k < hi, isSpace(pending[k]) { k += 1 }
            guard k < hi, pending[k] == UInt8(ascii: "=") else {
                throw ParseError(line: line, message: "attribute '\(attrName)' of <\(name)> has no value")
            }
            k += 1
            while k < hi, isSpace(pending[k]) { k += 1 }
            guard k < hi, pending[k] == UInt8(ascii: "\"") || pending[k] == UInt8(ascii: "'") else {
                throw ParseError(line: line, message: "attribute '\(attrName)' of <\(name)> is not quoted")
            }
            let q = pending[k]
            let valueStart = k + 1
            k = valueStart
            while k < hi, pending[k] != q { k += 1 }
            guard k < hi else {
                throw ParseError(line: line, message: "attribute '\(attrName)' of <\(name)> is not closed")
            }
            if pending[valueStart..<k].contains(UInt8(ascii: "<")) {
                throw ParseError(line: line, message: "'<' in the value of attribute '\(attrName)'")
            }
            attributes.append(Attribute(name: attrName, value: try decode(valueStart..<k, line: line)))
            k += 1
        }
        guard stack.count < Self.maxDepth else {
            throw ParseError(line: line, message: "elements are nested deeper than \(Self.maxDepth) levels (<\(name)>)")
        }
        if stack.isEmpty {
            guard !sawRoot else { throw ParseError(line: line, message: "a second root element <\(name)>") }
            sawRoot = true
        }
        stack.append(name)
        try body(.start(name: name, attributes: attributes), line)
        if selfClosing {
            stack.removeLast()
            try body(.end(name: name), line)
        }
    }

    func declaration(_ range: Range<Int>, line: Int) throws {
        guard hasPrefix("<?xml", at: range.lowerBound) == true else { return }  // other PIs: skipped
        let text = String(decoding: pending[range], as: UTF8.self).lowercased()
        guard let r = text.range(of: "encoding") else { return }
        let rest = text[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let encoding = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }
        guard encoding == "utf-8" || encoding == "utf8" else {
            throw ParseError(line: line, message: "encoding '\(encoding)' is not supported (convert the file to UTF-8)")
        }
    }

    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    func name(in range: Range<Int>, line: Int, trailingSpace: Bool) throws -> String {
        var r = range
        if trailingSpace {
            while r.upperBound > r.lowerBound, isSpace(pending[r.upperBound - 1]) {
                r = r.lowerBound..<(r.upperBound - 1)
            }
        }
        let bytes = pending[r]
        guard let first = bytes.first, !isSpace(first), first != UInt8(ascii: "-"), !(first >= 0x30 && first <= 0x39),
            bytes.allSatisfy({
                !isSpace($0) && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\"")
            }),
            let s = utf8String(r)
        else {
            throw ParseError(
                line: line, message: "malformed tag '\(String(decoding: bytes.prefix(40), as: UTF8.self))'")
        }
        return s
    }

    /// The bytes of `range` as a string, `nil` when they are not UTF-8. ASCII takes a fast path.
    func utf8String(_ range: Range<Int>) -> String? {
        pending.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[range])
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// The text of `range` with entity and character references resolved.
    func decode(_ range: Range<Int>, line: Int) throws -> String {
        guard let amp = pending[range].firstIndex(of: UInt8(ascii: "&")) else {
            guard let s = utf8String(range) else {
                throw ParseError(line: line, message: "text is not valid UTF-8")
            }
            return s
        }
        var out = Array(pending[range.lowerBound..<amp])
        var k = amp
        while k < range.upperBound {
            let b = pending[k]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                k += 1
                continue
            }
            guard let semi = pending[k..<range.upperBound].firstIndex(of: UInt8(ascii: ";")), semi - k <= 12 else {
                throw ParseError(line: line, message: "'&' not followed by an entity reference")
            }
            let ref = String(decoding: pending[(k + 1)..<semi], as: UTF8.self)
            switch ref {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let code: UInt32? =
                    ref.hasPrefix("#x")
                    ? UInt32(ref.dropFirst(2), radix: 16)
                    : ref.hasPrefix("#") ? UInt32(ref.dropFirst(), radix: 10) : nil
                guard let code, let scalar = Unicode.Scalar(code) else {
                    throw ParseError(line: line, message: "unknown entity '&\(ref);'")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semi + 1
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw ParseError(line: line, message: "text is not valid UTF-8")
        }
        return s
    }
}
