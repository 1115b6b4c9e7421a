/// How an SMTP connection is protected.
public enum SMTPSecurity: String, Sendable, Equatable {
    /// TLS from the first byte (`smtps://`, usually port 465).
    case implicitTLS = "implicit"
    /// Plain connect, then STARTTLS before anything else; a server that does not offer it is an
    /// error, never a fall-back to plain text (CURLUSESSL_ALL).
    case startTLS = "starttls"
    /// No TLS at all (only with an explicit choice: the password would cross in the clear).
    case none
}

/// Where and as whom to log in.
public struct SMTPServer: Sendable {
    /// Host name or IP address (the certificate must name it).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Implicit TLS, STARTTLS or none.
    public var security: SMTPSecurity
    /// The login (nil: no authentication).
    public var username: String?
    /// The password (used only with `username`).
    public var password: String?
    /// Seconds for the whole exchange, connection included.
    public var timeoutSeconds: Double

    /// A server; nothing is contacted until `SMTPClient.login` or `send`.
    public init(host: String, port: Int, security: SMTPSecurity, username: String? = nil, password: String? = nil, timeoutSeconds: Double = 20) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.timeoutSeconds = timeoutSeconds
    }

    /// The URL libcurl connects to; an IPv6 address in brackets.
    var url: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(name):\(port)"
    }
}

/// What an SMTP exchange established, whatever its end: the server's replies (already
/// redacted), the TLS version, the capabilities of the last EHLO.
public struct SMTPSession: Sendable, Equatable {
    /// The replies in order, 334 challenges left out, the credentials redacted.
    public var replies: [SMTPReply]
    /// "TLSv1.3" …; nil without TLS, or when the TLS library does not say (see CCurl).
    public var tlsVersion: String?
    /// The security asked for.
    public var security: SMTPSecurity

    /// A session (the client builds them; tests too).
    public init(replies: [SMTPReply], tlsVersion: String?, security: SMTPSecurity) {
        self.replies = replies
        self.tlsVersion = tlsVersion
        self.security = security
    }

    /// Whether TLS was established (and so the certificate verified): with implicit TLS any
    /// reply came over it; with STARTTLS an EHLO answered the server's go-ahead, which libcurl
    /// sends only after the handshake.
    public var encrypted: Bool {
        switch security {
        case .implicitTLS: !replies.isEmpty
        case .startTLS: ehloReplies.count >= 2
        case .none: false
        }
    }

    /// The EHLO replies: each 250 reply that answers a 220 (the greeting, or STARTTLS's "go ahead").
    public var ehloReplies: [SMTPReply] {
        zip(replies, replies.dropFirst()).compactMap { before, reply in before.code == 220 && reply.code == 250 ? reply : nil }
    }

    /// The extension keywords of the last EHLO (after STARTTLS: the ones that count).
    public var capabilities: [String] { ehloReplies.last.map { Array($0.lines.dropFirst()) } ?? [] }

    /// Whether the first EHLO offered STARTTLS.
    public var offersStartTLS: Bool {
        ehloReplies.first.map { $0.lines.dropFirst().contains { $0.uppercased() == "STARTTLS" } } ?? false
    }

    /// The SASL mechanisms of the last EHLO's `AUTH` line (or the old `AUTH=` form), upper case.
    public var mechanisms: [String] {
        for line in capabilities {
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            if words.first == "AUTH" { return Array(words.dropFirst()) }
        }
        return []
    }

    /// The last reply (the one a failure is about).
    public var lastReply: SMTPReply? { replies.last }
}

/// One server reply: its code and its lines (text after the code), redacted.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The three-digit code.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    /// A reply.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// `535 5.7.8 Authentication credentials invalid` (lines joined with " / ").
    public var description: String { "\(code) " + lines.joined(separator: " / ") }
}

/// SMTP over libcurl (loaded on first use, Sources/CCurl): certificate chain and host name
/// always verified, only `smtp`/`smtps`, STARTTLS required whenever TLS is asked for.
///
/// The trust store is libcurl's default unless `SSL_CERT_FILE` / `SSL_CERT_DIR` name another,
/// as for `HTTPClient`. libcurl runs the dialogue (greeting, EHLO, STARTTLS, EHLO, AUTH with
/// PLAIN or LOGIN, MAIL, RCPT, DATA with dot-stuffing, QUIT); this client reads the server's
/// replies through libcurl's debug callback, incoming lines only.
public struct SMTPClient: Sendable {
    /// A PEM bundle of trusted CAs instead of libcurl's default.
    public var caFile: String?
    /// A hashed directory of trusted CAs.
    public var caDirectory: String?

    /// A client trusting `caFile` / `caDirectory`, or libcurl's default store.
    public init(caFile: String? = nil, caDirectory: String? = nil) {
        self.caFile = caFile
        self.caDirectory = caDirectory
    }

    /// A client configured from `SSL_CERT_FILE` / `SSL_CERT_DIR` (empty values ignored).
    public init(environment: [String: String]) {
        self.init(
            caFile: environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            caDirectory: environment["SSL_CERT_DIR"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Connects, says EHLO, upgrades with STARTTLS (or starts with TLS), authenticates when
    /// the server has a username, and says QUIT: no mail is sent. The session on success;
    /// a `MailError` carrying what was seen otherwise.
    public func login(_ server: SMTPServer) throws(MailError) -> SMTPSession {
        try Self.validate(server)
        return try CurlSMTPTransfer(client: self, server: server, mail: nil).perform()
    }

    /// Logs in as `login` does, then sends `message` (complete, CRLF line ends, not dot-stuffed:
    /// libcurl stuffs) from `sender` to `recipients`. The session ends with the server's final
    /// reply to the message.
    public func send(_ server: SMTPServer, from sender: String, to recipients: [String], message: [UInt8]) throws(MailError) -> SMTPSession {
        try Self.validate(server)
        for address in [sender] + recipients where !MailAddress.isValid(address) {
            throw MailError(.invalidRequest, "not an e-mail address: '\(MailAddress.display(address))'")
        }
        guard !recipients.isEmpty else { throw MailError(.invalidRequest, "no recipient") }
        let mail = CurlSMTPTransfer.Mail(sender: sender, recipients: recipients, message: message)
        return try CurlSMTPTransfer(client: self, server: server, mail: mail).perform()
    }

    /// What libcurl would take too liberally: a host that changes the URL, a port out of range.
    static func validate(_ server: SMTPServer) throws(MailError) {
        let hostOK = !server.host.isEmpty && server.host.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-.:_".unicodeScalars.contains(scalar))
        }
        guard hostOK else { throw MailError(.invalidRequest, "not a host name: '\(MailAddress.display(server.host))'") }
        guard (1...65535).contains(server.port) else { throw MailError(.invalidRequest, "not a port: \(server.port)") }
        guard server.timeoutSeconds > 0, server.timeoutSeconds <= 3600 else {
            throw MailError(.invalidRequest, "the timeout must be between 0 and 3600 seconds")
        }
        let breaks = { (text: String?) in text?.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" } ?? false }
        guard !breaks(server.username), !breaks(server.password) else {
            throw MailError(.invalidRequest, "the username or password contains a line break or NUL")
        }
    }
}

/// The one error type of `CredfileMail`: the exchange did not end as asked.
///
/// The message is built from libcurl's reason and the (redacted) replies, never from a
/// credential; `session` holds what was established before the failure.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failure class, for callers that branch on it (and choose hints).
    public enum Kind: Sendable, Equatable {
        /// libcurl could not be loaded.
        case libraryUnavailable
        /// The request itself is not acceptable (host, address, line breaks, timeout).
        case invalidRequest
        /// No connection: name resolution failed or the peer refused or was unreachable.
        case unreachable
        /// The timeout passed first.
        case timeout
        /// TLS failed: certificate not trusted, wrong host name, handshake error.
        case tls
        /// STARTTLS was required and the server did not offer it (or refused it).
        case startTLSUnavailable
        /// Authentication was refused (535 …), or no offered mechanism is one credfile uses.
        case authenticationFailed
        /// A credential is given but the server offers no AUTH at all.
        case authenticationNotOffered
        /// The server refused the sender, a recipient or the message.
        case rejected
        /// Any other failure libcurl reported (the connection dropped, a strange reply).
        case transfer
    }

    /// The failure class.
    public var kind: Kind
    /// One line for a person.
    public var message: String
    /// What the exchange established before it failed (nil when it never started).
    public var session: SMTPSession?

    /// An error of `kind`.
    public init(_ kind: Kind, _ message: String, session: SMTPSession? = nil) {
        self.kind = kind
        self.message = message
        self.session = session
    }

    public var description: String { message }
}
