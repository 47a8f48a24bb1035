import Crypto
import Hummingbird
import NIOSSL

/// Under mutual TLS, reads the verified client certificate of the request's connection and
/// makes it `current` for the rest of the request, so that `ServiceMiddleware` puts it in the
/// `RequestScope` and the handlers in the audit row (`audit_log.client_cert`).
struct ClientCertificateMiddleware: RouterMiddleware {
    typealias Context = ScoringRequestContext

    /// The request's client certificate as `describe` writes it; `nil` without one.
    @TaskLocal static var current: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // One hop to the connection's event loop, where the TLS handler may be read.
        let certificate = try? await context.channel.nioSSL_peerCertificate().get()
        let text = certificate.flatMap { try? Self.describe($0) }
        return try await Self.$current.withValue(text) { try await next(request, context) }
    }

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
