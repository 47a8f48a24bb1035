import Crypto
import NIOSSL

/// How a client certificate is named in the audit row (`audit_log.client_cert`).
enum ClientCertificateName {
    /// `sha256:<lower-case hex SHA-256 of the DER> <subject>`, the subject written as RFC 4514
    /// does (`CN=…,O=…,C=…`: most specific first, `,+"\<>;` and control characters escaped).
    static func describe(_ certificate: NIOSSLCertificate) throws -> String {
        let digest = SHA256.hash(data: try certificate.toDERBytes())
        return "sha256:" + digest.map { hex($0) }.joined() + " " + subject(certificate.subjectName)
    }

    static func subject(_ names: [SSLCertificateName]) -> String {
        names.reversed().map { "\(label($0.type))=\(escape($0.value))" }.joined(separator: ",")
    }

    static func label(_ type: SSLCertificateNameType) -> String {
        switch type {
        case .commonName: "CN"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .country: "C"
        case .state: "ST"
        case .city: "L"
        case .emailAddress: "emailAddress"
        case .userId: "UID"
        default: "?"
        }
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for (i, scalar) in value.unicodeScalars.enumerated() {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\" + hex(UInt8(scalar.value))
            } else if ",+\"\\<>;".unicodeScalars.contains(scalar) || (i == 0 && (scalar == "#" || scalar == " ")) {
                out += "\\" + String(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
