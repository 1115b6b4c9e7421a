internal import CredfileMail

/// The one-line problems and the hints of the SMTP check and `send-mail`, from the failure
/// class and the server's (redacted) reply: the failures users meet, in their words.
enum SMTPHints {
    static let plaintext = [
        "use STARTTLS (tls: true) or implicit TLS (port 465), which the server most likely offers",
        "only on a network you trust: --allow-plaintext-auth",
    ]

    /// The problem line: the error's message (libcurl's reason and the server's reply).
    static func problem(_ error: MailError, _ settings: SMTPSettings) -> String {
        switch error.kind {
        case .startTLSUnavailable where error.session?.offersStartTLS == true:
            "the server refused STARTTLS: refusing to authenticate over plain text (\(error.message))"
        case .startTLSUnavailable:
            "the server does not offer STARTTLS: refusing to authenticate over plain text (\(error.message))"
        case .authenticationFailed where !offersUsableMechanism(error.session):
            "the server offers no mechanism credfile uses (PLAIN, LOGIN): \(error.session?.mechanisms.joined(separator: " ") ?? "none")"
        case .authenticationFailed:
            "authentication failed: " + (error.session?.lastReply.map(String.init(describing:)) ?? error.message)
        default: error.message
        }
    }

    /// The hints for `error`, most likely first.
    static func hints(for error: MailError, settings: SMTPSettings, provider: SMTPProvider?) -> [String] {
        switch error.kind {
        case .authenticationFailed where offersUsableMechanism(error.session):
            authentication(settings: settings, provider: provider, code: error.session?.lastReply?.code)
        case .authenticationFailed: ["ask the mail administrator for PLAIN or LOGIN over TLS, or use another submission server"]
        case .authenticationNotOffered:
            ["the server offers no login on this port: submission is usually port 587 (STARTTLS) or 465 (implicit TLS)"]
        case .startTLSUnavailable:
            ["if the server offers implicit TLS, use port 465 (or tls_mode: implicit)"] + plaintext.dropFirst()
        case .tls: tls(error.message, settings: settings)
        case .unreachable, .timeout:
            ["check host and port (\(settings.host):\(settings.port)); a firewall may block outbound SMTP (port 25 often is)"]
        default: []
        }
    }

    /// 535 and friends: the app-password story.
    static func authentication(settings: SMTPSettings, provider: SMTPProvider?, code: Int?) -> [String] {
        var hints: [String] = []
        if let provider {
            hints.append("\(provider.name) enforces two-step verification for SMTP: use an app password, not the account password")
            hints.append("app passwords are invalidated when the account's main password changes: create a new app password")
            if let extra = provider.extraHint { hints.append(extra) }
        } else {
            hints.append("check the username and password; if the account has two-factor authentication, its provider needs an app password")
            hints.append("an app password stops working when the account's main password changes: create a new one")
        }
        if code == 534 { hints.insert("534: the provider wants a web login or an app password before it accepts SMTP", at: 0) }
        return hints
    }

    /// Certificate problems: the name, the chain, or TLS spoken to a plain port.
    static func tls(_ message: String, settings: SMTPSettings) -> [String] {
        let lower = message.lowercased()
        if lower.contains("subject name") || lower.contains("does not match") || lower.contains("hostname mismatch") {
            return ["the certificate does not name \(settings.host): set host to a name the certificate is for (the provider's documented SMTP host)"]
        }
        if lower.contains("certificate") || lower.contains("issuer") || lower.contains("self-signed") || lower.contains("self signed") {
            return ["the certificate chain is not trusted: for a private CA, point SSL_CERT_FILE (a PEM bundle) or SSL_CERT_DIR at it"]
        }
        if settings.security == .implicitTLS && lower.contains("wrong version number") {
            return ["this port does not speak TLS from the start: for STARTTLS (usually port 587) set tls_mode: starttls"]
        }
        return ["the TLS handshake failed: check that the port matches the TLS mode (465 implicit, 587 STARTTLS)"]
    }

    /// Whether the last EHLO offered PLAIN or LOGIN (otherwise libcurl never tried).
    static func offersUsableMechanism(_ session: SMTPSession?) -> Bool {
        guard let session else { return true }
        return session.mechanisms.contains("PLAIN") || session.mechanisms.contains("LOGIN")
    }
}
