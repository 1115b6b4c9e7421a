internal import CredfileMail
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How to reach an `smtp` credential's server, read from its fields once, for `check` and
/// `send-mail` alike: the security follows the schema's rules (docs/schemas.md, smtp).
struct SMTPSettings {
    var host: String
    var port: Int
    var security: SMTPSecurity
    var username: String?
    var password: String?
    /// The `email` field (the sender of `send-mail`), when set.
    var email: String?

    /// The settings of `credential`; nil with a reason when the host is missing.
    ///
    /// Security: `tls_mode` when given (implicit or starttls); otherwise implicit TLS on port
    /// 465, STARTTLS when `tls` is true, none otherwise.
    static func read(_ credential: Credential) -> Result<SMTPSettings, SMTPSettingsProblem> {
        guard let host = text(credential, "host"), !host.isEmpty else { return .failure(.missing("host")) }
        let port: Int
        switch credential.effectiveValue(of: "port") {
        case .int(let value)?: port = Int(value)
        case .string(let value)?: guard let number = Int(value) else { return .failure(.invalid("port")) }; port = number
        case nil: port = 25
        default: return .failure(.invalid("port"))
        }
        var tls = false
        if case .bool(let value)? = credential.effectiveValue(of: "tls") { tls = value }
        let security: SMTPSecurity
        switch text(credential, "tls_mode") {
        case "implicit"?: security = .implicitTLS
        case "starttls"?: security = .startTLS
        case nil: security = port == 465 ? .implicitTLS : tls ? .startTLS : .none
        default: return .failure(.invalid("tls_mode"))
        }
        let username = text(credential, "username").flatMap { $0.isEmpty ? nil : $0 }
        return .success(
            SMTPSettings(
                host: host, port: port, security: security, username: username,
                password: username == nil ? nil : text(credential, "password") ?? "",
                email: text(credential, "email").flatMap { $0.isEmpty ? nil : $0 }))
    }

    /// A field's text (strings and numbers as written).
    private static func text(_ credential: Credential, _ field: String) -> String? {
        switch credential.effectiveValue(of: field) {
        case .string(let value)?: value
        case let value?: value.canonicalText
        case nil: nil
        }
    }

    /// Whether a password would cross the network in the clear.
    var sendsPasswordInClear: Bool { security == .none && username != nil }

    /// The server as CredfileMail takes it.
    func server(timeout: Double) -> SMTPServer {
        SMTPServer(host: host, port: port, security: security, username: username, password: password, timeoutSeconds: timeout)
    }

    /// The trust store: the options' CA file or directory, else SSL_CERT_FILE / SSL_CERT_DIR.
    static func client(caFile: String?, caDirectory: String?) -> SMTPClient {
        if caFile != nil || caDirectory != nil { return SMTPClient(caFile: caFile, caDirectory: caDirectory) }
        return SMTPClient(environment: ProcessInfo.processInfo.environment)
    }

    /// "STARTTLS", "implicit TLS" or "no TLS", for facts and messages.
    var securityName: String {
        switch security {
        case .implicitTLS: "implicit TLS"
        case .startTLS: "STARTTLS"
        case .none: "no TLS"
        }
    }
}

/// Why an `smtp` credential cannot be used at all.
enum SMTPSettingsProblem: Error {
    case missing(String)
    case invalid(String)

    var message: String {
        switch self {
        case .missing(let field): "the credential has no \(field)"
        case .invalid(let field): "the credential's \(field) is not valid (run 'credfile validate')"
        }
    }
}
