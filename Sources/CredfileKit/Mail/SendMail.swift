internal import CredfileMail
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `credfile send-mail`'s work: a plain-text message through an `smtp` credential, with the
/// same TLS and authentication rules as `check` (STARTTLS required when TLS is on, implicit
/// TLS on 465, no password in the clear unless allowed).
public struct SendMail: Sendable {
    /// The `smtp` credential, decrypted.
    public var credential: Credential
    /// `To:` recipients.
    public var to: [String]
    /// `Cc:` recipients.
    public var cc: [String] = []
    /// The sender when the credential has no `email` (must equal it when it has one).
    public var from: String?
    public var subject: String
    public var body: String
    public var timeoutSeconds: Double = 60
    public var allowPlaintextAuth = false

    /// What the server said to the message, and the message's identity.
    public struct Outcome: Sendable {
        /// `<token@domain>`.
        public var messageID: String
        /// The envelope recipients.
        public var recipients: [String]
        /// The server's final reply (`250 2.0.0 Ok: queued as …`), redacted.
        public var reply: String
        /// "TLSv1.3" …, nil without TLS or when unknown.
        public var tlsVersion: String?
    }

    /// A message to send through `credential`.
    public init(credential: Credential, to: [String], subject: String, body: String) {
        self.credential = credential
        self.to = to
        self.subject = subject
        self.body = body
    }

    /// Builds and sends the message; a refusal or an SMTP failure is a `CredfileError`
    /// (`.mailFailed` with the server's reply, `.usage` for what the caller must change).
    public func run() throws -> Outcome {
        let path = credential.file.displayPath
        guard credential.type == "smtp" else {
            throw CredfileError(.usage, "send-mail needs an smtp credential (this one is '\(credential.type ?? "unknown")')", path: path)
        }
        let settings: SMTPSettings
        switch SMTPSettings.read(credential) {
        case .success(let read): settings = read
        case .failure(let problem): throw CredfileError(.invalidCredential, problem.message, path: path)
        }
        let sender = try self.sender(settings, path: path)
        if settings.sendsPasswordInClear && !allowPlaintextAuth {
            throw CredfileError(
                .mailFailed, "refusing to send the password over an unencrypted connection (tls: false, port \(settings.port))",
                path: path, hints: SMTPHints.plaintext)
        }
        let message = MailMessage(from: sender, to: to, cc: cc, subject: subject, body: body)
        let token = Self.uniqueToken()
        let bytes: [UInt8]
        do {
            bytes = try message.rendered(unixTime: Int64(Date().timeIntervalSince1970), uniqueToken: token)
        } catch {
            throw CredfileError(.usage, error.message)
        }
        let client = SMTPSettings.client(caFile: nil, caDirectory: nil)
        do {
            let session = try client.send(settings.server(timeout: timeoutSeconds), from: sender, to: message.recipients, message: bytes)
            return Outcome(
                messageID: "<\(token)@\(message.senderDomain)>", recipients: message.recipients,
                reply: session.lastReply.map(String.init(describing:)) ?? "", tlsVersion: session.tlsVersion)
        } catch {
            throw CredfileError(
                error.kind == .invalidRequest ? .usage : .mailFailed, "not sent: \(SMTPHints.problem(error, settings))", path: path,
                hints: SMTPHints.hints(for: error, settings: settings, provider: SMTPCheck().provider(for: settings.host)))
        }
    }

    /// The credential's `email`, else `--from`; both given must agree.
    private func sender(_ settings: SMTPSettings, path: String) throws -> String {
        switch (settings.email, from) {
        case (let email?, nil): return email
        case (nil, let given?): return given
        case (let email?, let given?) where email.lowercased() == given.lowercased(): return email
        case (let email?, _):
            throw CredfileError(.usage, "--from differs from the credential's email (\(email)): the sender is the credential's email", path: path)
        case (nil, nil):
            throw CredfileError(
                .usage, "the credential has no email field, so the sender is unknown", path: path,
                hints: ["give it with --from ADDRESS, or record it: credfile set \(credential.name) email=ADDRESS"])
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// 16 random bytes as hex, then the time: unique without any machine identity.
    static func uniqueToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in hex(UInt8.random(in: 0...255, using: &generator)) }.joined()
        return "\(random).\(Int(Date().timeIntervalSince1970))"
    }
}
