internal import CredfileMail

/// The live check of an `smtp` credential: connect, TLS (implicit, or STARTTLS that must be
/// offered), certificate chain and host name, EHLO, AUTH with PLAIN or LOGIN, QUIT. No mail is
/// sent. A password is never sent over an unencrypted connection unless the options allow it.
public struct SMTPCheck: CredentialCheck {
    public var types: Set<String> { ["smtp"] }

    /// The providers whose 535 means "use an app password" (host suffixes); injectable so the
    /// hint can be tested against a loopback server.
    public var providers: [SMTPProvider]

    /// A check knowing `providers` (the built-in list by default).
    public init(providers: [SMTPProvider] = SMTPProvider.builtIn) {
        self.providers = providers
    }

    public func check(_ credential: Credential, options: CheckOptions) -> CheckReport {
        var report = CheckReport(name: credential.name, type: "smtp", outcome: .fails)
        let settings: SMTPSettings
        switch SMTPSettings.read(credential) {
        case .success(let read): settings = read
        case .failure(let problem):
            report.problem = problem.message
            return report
        }
        if settings.sendsPasswordInClear && !options.allowPlaintextAuth {
            report.problem = "refusing to send the password over an unencrypted connection (tls: false, port \(settings.port))"
            report.hints = SMTPHints.plaintext
            return report
        }
        if settings.sendsPasswordInClear {
            report.warnings.append("the password was sent unencrypted (--allow-plaintext-auth)")
        }
        let client = SMTPSettings.client(caFile: options.caFile, caDirectory: options.caDirectory)
        do {
            let session = try client.login(settings.server(timeout: options.timeoutSeconds))
            report.facts = facts(session, settings)
            report.facts.append(authenticatedFact(session, settings))
            report.outcome = .works
        } catch {
            report.facts = error.session.map { facts($0, settings) } ?? []
            report.problem = SMTPHints.problem(error, settings)
            report.hints = SMTPHints.hints(for: error, settings: settings, provider: provider(for: settings.host))
        }
        return report
    }

    /// The provider `host` belongs to, if any is known.
    public func provider(for host: String) -> SMTPProvider? {
        let host = host.lowercased()
        return providers.first { provider in provider.hostSuffixes.contains { host == $0 || host.hasSuffix("." + $0) } }
    }

    /// Reached, TLS and its version, mechanisms offered: what the session established.
    private func facts(_ session: SMTPSession, _ settings: SMTPSettings) -> [String] {
        guard !session.replies.isEmpty else { return [] }
        var facts = ["reached \(settings.host):\(settings.port)"]
        if session.encrypted {
            let version = session.tlsVersion.map { " (\($0))" } ?? ""
            facts.append("\(settings.securityName)\(version), certificate verified for \(settings.host)")
        } else if settings.security == .none {
            facts.append("no TLS")
        } else if settings.security == .startTLS {
            facts.append(session.offersStartTLS ? "STARTTLS offered" : "STARTTLS not offered")
        }
        // Before TLS a server may hide its AUTH line (RFC 4954 §4 advice): only the EHLO that
        // counts is reported.
        if session.encrypted || settings.security == .none, !session.ehloReplies.isEmpty {
            let mechanisms = session.mechanisms
            facts.append(mechanisms.isEmpty ? "no AUTH offered" : "mechanisms offered: \(mechanisms.joined(separator: " "))")
        }
        return facts
    }

    /// "authenticated as USER (AUTH PLAIN)": libcurl prefers PLAIN to LOGIN when both are offered.
    private func authenticatedFact(_ session: SMTPSession, _ settings: SMTPSettings) -> String {
        guard let username = settings.username else { return "no login configured: connection and EHLO only" }
        let mechanism = session.mechanisms.contains("PLAIN") ? "PLAIN" : "LOGIN"
        return "authenticated as \(username) (AUTH \(mechanism))"
    }
}

/// A mail provider known to refuse the account password over SMTP once two-step verification
/// is on (an app password is needed), by the host names of its servers.
public struct SMTPProvider: Sendable {
    /// The provider's name in hints ("Gmail").
    public var name: String
    /// Host names and their parent domains ("gmail.com" matches smtp.gmail.com).
    public var hostSuffixes: [String]
    /// A further hint for this provider (Microsoft 365: SMTP AUTH may be switched off).
    public var extraHint: String?

    /// A provider.
    public init(name: String, hostSuffixes: [String], extraHint: String? = nil) {
        self.name = name
        self.hostSuffixes = hostSuffixes
        self.extraHint = extraHint
    }

    /// The providers credfile knows.
    public static let builtIn: [SMTPProvider] = [
        SMTPProvider(name: "Gmail / Google Workspace", hostSuffixes: ["gmail.com", "googlemail.com", "google.com"]),
        SMTPProvider(
            name: "Outlook / Microsoft 365", hostSuffixes: ["outlook.com", "office365.com", "hotmail.com", "live.com"],
            extraHint: "Microsoft 365 may also have SMTP AUTH switched off for the mailbox or tenant (\"Authenticated SMTP\" in the admin center)"),
        SMTPProvider(name: "Yahoo", hostSuffixes: ["yahoo.com", "ymail.com"]),
        SMTPProvider(name: "AOL", hostSuffixes: ["aol.com"]),
        SMTPProvider(name: "iCloud", hostSuffixes: ["mail.me.com", "icloud.com"]),
        SMTPProvider(name: "Fastmail", hostSuffixes: ["fastmail.com", "messagingengine.com"]),
        SMTPProvider(name: "Zoho", hostSuffixes: ["zoho.com", "zoho.eu"]),
    ]
}
