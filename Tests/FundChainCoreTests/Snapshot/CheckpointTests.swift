import Testing

@testable import FundChainCore

/// Checkpoints: their one byte encoding, hash, Ed25519 signatures and key files, against
/// independent references: the RFC 8032 §7.1 test vector 1 key, and bytes, hashes, signatures
/// and PEM text made by Python (hashlib; cryptography 48's Ed25519PrivateKey, whose signatures
/// are deterministic, RFC 8032):
///
///     k = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(SEED))
///     b = json.dumps(cp, sort_keys=True, separators=(",", ":")).encode()
///     hashlib.sha256(b).hexdigest(); k.sign(b).hex()
///     k.private_bytes(PEM, PKCS8, NoEncryption()); k.public_key().public_bytes(PEM, SubjectPublicKeyInfo)
@Suite struct CheckpointTests {
    static let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let publicRaw = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let privatePEM = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
        -----END PRIVATE KEY-----

        """
    static let publicPEM = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
        -----END PUBLIC KEY-----

        """

    static let second = Checkpoint(
        sequence: 2, batchID: 7, asOf: "2025-03-31", firmCount: 3, merkleRoot: String(repeating: "ab", count: 32),
        previousHash: String(repeating: "cd", count: 32), models: [String(repeating: "ef", count: 32)],
        time: "2025-04-01T08:30:00Z",
        auditHeads: [AuditHead(chain: "c1", seq: 3, hash: String(repeating: "a", count: 64))])
    static let secondBytes =
        #"{"as_of":"2025-03-31","audit_heads":[{"chain":"c1","hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","seq":3}],"batch_id":7,"firm_count":3,"format":"fundchain-checkpoint/1","merkle_root":"abababababababababababababababababababababababababababababababab","models":["efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"],"previous_hash":"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd","sequence":2,"time":"2025-04-01T08:30:00Z"}"#
    static let secondHash = "17adbb99d96bb3afbe7dcfe31a822c4940fe9fb933d0b1750412153995d9217a"
    static let secondSignature =
        "8c80ef8e0e347b5176cb1dc9e6a46bf84f91b7eae872fe783c4e6280167bf3db1e59b72705a6eaf8c1e3ea599c82dc5617634497b51aa6c982b9863fcd597b09"

    static func key() throws -> CheckpointSigningKey { try CheckpointSigningKey(seed: Hex.decode(seed)!) }

    @Test func encodingAndHashMatchPython() throws {
        #expect(Self.second.canonicalBytes() == Array(Self.secondBytes.utf8))
        #expect(Self.second.hash == Self.secondHash)
        var first = Self.second
        first.sequence = 1
        first.previousHash = nil
        first.auditHeads = []
        #expect(
            String(decoding: first.canonicalBytes(), as: UTF8.self).contains(#""previous_hash":null,"sequence":1,"#))
        #expect(
            String(decoding: first.canonicalBytes(), as: UTF8.self).hasPrefix(
                #"{"as_of":"2025-03-31","audit_heads":[],"#))
        #expect(first.hash == "acd062e0229893a228f26afde0cc058858f48185e57cf402a8d1c0f2edb5b8aa")
        // Reading back: the canonical bytes only.
        #expect(try Checkpoint(canonical: Array(Self.secondBytes.utf8)) == Self.second)
        #expect(throws: CheckpointError.self) {
            try Checkpoint(canonical: Array(Self.secondBytes.replacingOccurrences(of: ",", with: ", ").utf8))
        }
        #expect(throws: CheckpointError.self) {
            try Checkpoint(
                canonical: Array(
                    Self.secondBytes.replacingOccurrences(of: #"{"as_of""#, with: #"{"extra":1,"as_of""#).utf8))
        }
    }

    @Test func keysMatchRFC8032AndPython() throws {
        let key = try Self.key()
        #expect(Hex.encode(key.publicKey.raw) == Self.publicRaw)  // RFC 8032 §7.1 TEST 1
        #expect(key.pem == Self.privatePEM)
        #expect(key.publicKey.pem == Self.publicPEM)
        #expect(key.publicKey.id == "21fe31dfa154a261")  // hashlib.sha256(raw).hexdigest()[:16]
        #expect(Hex.encode(try CheckpointSigningKey(pem: Self.privatePEM).publicKey.raw) == Self.publicRaw)
        #expect(Hex.encode(try CheckpointPublicKey(pem: Self.publicPEM).raw) == Self.publicRaw)
        #expect(throws: CheckpointError.self) { try CheckpointPublicKey(pem: Self.privatePEM) }
        #expect(throws: CheckpointError.self) { try CheckpointSigningKey(pem: Self.publicPEM) }
        #expect(!"\(key)".contains(Self.seed) && "\(key)" == "Ed25519 signing key 21fe31dfa154a261")
    }

    @Test func signaturesCheckBothWays() throws {
        let key = try Self.key()
        let python = SignedCheckpoint(checkpoint: Self.second, keyID: key.publicKey.id, signature: Self.secondSignature)
        #expect(python.isSigned(by: key.publicKey))
        // RFC 8032 §7.1 TEST 1: the empty message.
        #expect(
            key.publicKey.isValidSignature(
                Hex.decode(
                    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
                )!,
                for: [UInt8]()))
        let mine = try key.sign(Self.second)
        #expect(
            mine.isSigned(by: key.publicKey) && mine.hash == Self.secondHash
                && mine.body == Array(Self.secondBytes.utf8))
        // Any other checkpoint, signature or key fails.
        var other = Self.second
        other.firmCount = 4
        #expect(
            !SignedCheckpoint(checkpoint: other, keyID: mine.keyID, signature: mine.signature).isSigned(
                by: key.publicKey))
        var flipped = Hex.decode(Self.secondSignature)!
        flipped[10] ^= 1
        #expect(
            !SignedCheckpoint(checkpoint: Self.second, keyID: mine.keyID, signature: Hex.encode(flipped)).isSigned(
                by: key.publicKey))
        #expect(!python.isSigned(by: CheckpointSigningKey.generate().publicKey))
        #expect(!python.isSigned(byOneOf: [CheckpointSigningKey.generate().publicKey]))
    }

    /// Audit flushes: hashlib.sha256(b"\n" + b'{"a":1}\n' + b'{"b":2}\n'), then chained.
    @Test func auditChainMatchesPython() {
        let first = AuditChain.hash(previous: nil, rows: [Array(#"{"b":2}"#.utf8), Array(#"{"a":1}"#.utf8)])
        #expect(first == "d67c35a0e0f879eeb98c75698bb9e3dd35b5a8fa25de56325a30afcd108c21a0")
        #expect(
            AuditChain.hash(previous: first, rows: [Array(#"{"c":3}"#.utf8)])
                == "fab6cfe53d53f323ae5ba25978580646804bfa2bdcda59a24e64e05c5d197d70")
        #expect(AuditChain.hash(previous: nil, rows: [Array(#"{"a":1}"#.utf8)]) != first)
    }

    @Test func publishedFileRoundTrips() throws {
        let signed = SignedCheckpoint(
            checkpoint: Self.second, keyID: "21fe31dfa154a261", signature: Self.secondSignature)
        let text = String(decoding: signed.fileBytes(), as: UTF8.self)
        #expect(
            text == #"{"checkpoint":"# + Self.secondBytes + #","hash":""# + Self.secondHash
                + #"","key_id":"21fe31dfa154a261","signature":""#
                + Self.secondSignature + "\"}\n")
        #expect(try SignedCheckpoint(file: signed.fileBytes()) == signed)
        #expect(throws: CheckpointError.self) {
            try SignedCheckpoint(
                file: Array(
                    text.replacingOccurrences(of: Self.secondHash, with: String(repeating: "0", count: 64)).utf8))
        }
    }
}
