import Crypto

/// The hash chain of a firm's snapshots (docs/snapshots.md):
///
///     hash = hex(SHA-256( utf8(previous hash in hex, or "" for the firm's first snapshot) ‖ "\n" ‖ body ))
///
/// where body is the snapshot's canonical JSON bytes (`JSONValue.canonicalBytes()`). Hex is
/// lowercase. Changing any snapshot changes its hash and so every later hash of that firm.
public enum SnapshotHash {
    /// The lowercase hex hash of a snapshot whose predecessor's hash is `previous`.
    public static func hash(previous: String?, body: [UInt8]) -> String {
        hex(digest(previous: previous, body: body))
    }

    /// The 32 raw bytes of the same hash (the Merkle leaves of a batch).
    public static func digest(previous: String?, body: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        if let previous { hasher.update(data: Array(previous.utf8)) }
        hasher.update(data: [UInt8(ascii: "\n")])
        hasher.update(data: body)
        return Array(hasher.finalize())
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a hex string (either case); `nil` if it is not hex of whole bytes.
    public static func bytes(hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
