import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// `credfile check` (here) and `credfile send-mail` (SendMailCommandTests.swift) against real SMTP servers on loopback (aiosmtpd,
/// trustme certificates): every outcome a person meets, and no secret in any output.
@Suite(.serialized, PeerTool.needsPython("aiosmtpd"), PeerTool.needsPython("trustme"), .localSMTP)
struct SMTPCommandTests {
    /// A repository with smtp credentials pointing at the local listeners.
    final class MailRepo {
        let ws: Workspace
        let smtp: LocalSMTP

        init() throws {
            smtp = try LocalSMTP.require()
            ws = try Workspace()
            let result = try ws.credfile(["init", "--age", ws.recipient])
            guard result.status == 0 else { throw Workspace.Failure("init: \(result.err)") }
        }

        /// `credfile new NAME --type smtp` with host 127.0.0.1, the listener's port, and `fields`.
        func add(_ name: String, listener: String, password: String = LocalSMTP.password, _ fields: [String] = ["tls=true"]) throws {
            let args = [
                "new", name, "--type", "smtp", "--description", "Mail", "host=127.0.0.1", "port=\(try smtp.port(listener))",
                "username=\(LocalSMTP.user)", "password=\(password)",
            ] + fields
            let result = try ws.credfile(args)
            guard result.status == 0 else { throw Workspace.Failure("new \(name): \(result.err)") }
        }

        /// Runs credfile trusting `ca` (the servers' CA unless given).
        func run(_ args: [String], ca: String? = nil, stdin: String? = nil) throws -> Subprocess.Result {
            try CLI.run(
                args, in: ws.dir.url,
                environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path, "SSL_CERT_FILE": ca ?? smtp.caFile],
                stdin: stdin.map { Data($0.utf8) }, timeout: 120)
        }
    }

    /// Neither the password, nor its base64 forms (AUTH PLAIN's `\0user\0password`, LOGIN's
    /// password alone) appear anywhere in `result`.
    static func expectNoSecret(_ result: Subprocess.Result, password: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let user = Array(LocalSMTP.user.utf8), secret = Array(password.utf8)
        let forms = [
            password, Data(secret).base64EncodedString(), Data([0] + user + [0] + secret).base64EncodedString(),
        ]
        for form in forms {
            #expect(!result.out.contains(form) && !result.err.contains(form), "secret form in output: \(form)", sourceLocation: sourceLocation)
            // A window of 8 bytes, as the leak scan looks: a cut or escaped echo is found too.
            let bytes = Array(form.utf8)
            for start in stride(from: 0, through: max(0, bytes.count - 8), by: 4) {
                let window = String(decoding: bytes[start..<min(bytes.count, start + 8)], as: UTF8.self)
                #expect(!result.out.contains(window) && !result.err.contains(window), "part of a secret: \(window)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func rightPasswordOverSTARTTLSWorksAndSaysWhatItFound() throws {
        let repo = try MailRepo()
        try repo.add("mail-ok", listener: "starttls")
        let result = try repo.run(["check", "mail-ok"])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("mail-ok (smtp): works"))
        #expect(result.out.contains("reached 127.0.0.1:\(try repo.smtp.port("starttls"))"))
        #expect(result.out.contains("STARTTLS (TLSv1.3), certificate verified for 127.0.0.1"))
        #expect(result.out.contains("mechanisms offered: LOGIN PLAIN"))
        #expect(result.out.contains("authenticated as \(LocalSMTP.user) (AUTH PLAIN)"))
        let auth = try repo.smtp.events("starttls").last { $0["event"] as? String == "auth" }
        #expect(auth?["ok"] as? Bool == true && auth?["tls"] as? Bool == true)
        Self.expectNoSecret(result, password: LocalSMTP.password)
    }

    @Test func implicitTLSByTLSModeAndLoginOnlyServers() throws {
        let repo = try MailRepo()
        try repo.add("mail-implicit", listener: "implicit", ["tls=true", "tls_mode=implicit"])
        try repo.add("mail-login", listener: "loginonly")
        let result = try repo.run(["check", "mail-implicit", "mail-login"])
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("implicit TLS (TLSv1.3), certificate verified for 127.0.0.1"))
        #expect(result.out.contains("mechanisms offered: LOGIN\n"))
        #expect(result.out.contains("authenticated as \(LocalSMTP.user) (AUTH LOGIN)"))
        // Output in argument order.
        let first = try #require(result.out.range(of: "mail-implicit (smtp)"))
        let second = try #require(result.out.range(of: "mail-login (smtp)"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(try repo.smtp.events("loginonly").contains { $0["event"] as? String == "auth" && $0["mechanism"] as? String == "LOGIN" })
        let implicit = try repo.smtp.events("implicit").last { $0["event"] as? String == "auth" }
        #expect(implicit?["ok"] as? Bool == true && implicit?["tls"] as? Bool == true)
    }

    @Test func wrongPasswordFailsWithTheServersReplyAndTheAppPasswordHint() throws {
        let repo = try MailRepo()
        let wrong = "Wrong-Battery-Staple-9"
        try repo.add("mail-wrong", listener: "starttls", password: wrong)
        let result = try repo.run(["check", "mail-wrong"])
        #expect(result.status == 1)
        #expect(result.out.contains("mail-wrong (smtp): FAILS: authentication failed: 535 5.7.8 Authentication credentials invalid"))
        #expect(result.out.contains("app password"))
        #expect(result.out.contains("main password changes"))
        Self.expectNoSecret(result, password: wrong)
    }

    /// The provider table is injectable: a loopback "provider" gets the 2FA hint a Gmail host gets.
    @Test func twoFactorProviderHintComesFromTheHost() throws {
        let repo = try MailRepo()
        try repo.add("mail-2fa", listener: "starttls", password: "Not-The-App-Password-1")
        let repository = try Repository.discover(from: repo.ws.dir.url)
        // The check needs the decrypted credential: a plain copy of it, as a job would hold it.
        let plain = try repo.run(["decrypt", "credentials/mail-2fa.yaml"])
        try #require(plain.status == 0, "\(plain.err)")
        try repo.ws.write("credentials/mail-2fa.yaml", plain.out)
        let credential = try repository.credential(named: "mail-2fa")
        let check = SMTPCheck(providers: [SMTPProvider(name: "Loopback Mail", hostSuffixes: ["127.0.0.1"])])
        let report = check.check(credential, options: CheckOptions(timeoutSeconds: 20, caFile: repo.smtp.caFile, today: "2026-01-01"))
        #expect(report.outcome == .fails)
        #expect(report.problem?.hasPrefix("authentication failed: 535") == true)
        #expect(report.hints.first == "Loopback Mail enforces two-step verification for SMTP: use an app password, not the account password")
        #expect(report.hints.contains { $0.contains("invalidated when the account's main password changes") })
        #expect(SMTPCheck().provider(for: "smtp.gmail.com")?.name == "Gmail / Google Workspace")
        #expect(SMTPCheck().provider(for: "SMTP.Office365.com")?.name == "Outlook / Microsoft 365")
        #expect(SMTPCheck().provider(for: "notgmail.com") == nil)
    }

    @Test func missingSTARTTLSIsRefusedBeforeAUTH() throws {
        let repo = try MailRepo()
        try repo.add("mail-nostarttls", listener: "plain")
        let before = try repo.smtp.events("plain").count
        let result = try repo.run(["check", "mail-nostarttls"])
        #expect(result.status == 1)
        #expect(result.out.contains("the server does not offer STARTTLS: refusing to authenticate over plain text"))
        #expect(result.out.contains("STARTTLS not offered"))
        // The server saw the connection (EHLO) but never an AUTH command.
        #expect(try repo.smtp.events("plain").count == before)
    }

    @Test func untrustedCAIsACertificateError() throws {
        let repo = try MailRepo()
        try repo.add("mail-ca", listener: "starttls")
        let result = try repo.run(["check", "mail-ca"], ca: repo.smtp.otherCAFile)
        #expect(result.status == 1)
        #expect(result.out.contains("SSL certificate problem"))
        #expect(result.out.contains("hint: the certificate chain is not trusted: for a private CA, point SSL_CERT_FILE"))
        #expect(!result.out.contains("authenticated"))
    }

    @Test func certificateForAnotherNameIsAMismatch() throws {
        let repo = try MailRepo()
        try repo.add("mail-name", listener: "mismatch")
        let before = try repo.smtp.events("mismatch").count
        let result = try repo.run(["check", "mail-name"])
        #expect(result.status == 1)
        #expect(result.out.contains("no alternative certificate subject name matches target host name '127.0.0.1'"))
        #expect(result.out.contains("hint: the certificate does not name 127.0.0.1"))
        #expect(try repo.smtp.events("mismatch").count == before)
    }

    @Test func plaintextPasswordIsRefusedUnlessAllowed() throws {
        let repo = try MailRepo()
        try repo.add("mail-plain", listener: "plain", ["tls=false"])
        let before = try repo.smtp.events("plain").count
        let refused = try repo.run(["check", "mail-plain"])
        #expect(refused.status == 1)
        #expect(refused.out.contains("refusing to send the password over an unencrypted connection"))
        #expect(refused.out.contains("--allow-plaintext-auth"))
        #expect(try repo.smtp.events("plain").count == before)
        let allowed = try repo.run(["check", "mail-plain", "--allow-plaintext-auth"])
        #expect(allowed.status == 0, "\(allowed.out)")
        #expect(allowed.out.contains("no TLS"))
        #expect(allowed.out.contains("warning: the password was sent unencrypted"))
        let auth = try repo.smtp.events("plain").last { $0["event"] as? String == "auth" }
        #expect(auth?["ok"] as? Bool == true && auth?["tls"] as? Bool == false)
    }

    /// A server that repeats what it was sent (base64 and decoded) in its 535: the reply is
    /// shown with every form of the credential replaced by ****.
    @Test func echoingServerCannotMakeCheckPrintTheCredential() throws {
        let repo = try MailRepo()
        let password = "Echo-Me-Secret-4411"
        try repo.add("mail-echo", listener: "echo", password: password)
        for format in ["human", "json", "github"] {
            let result = try repo.run(["check", "mail-echo", "--format", format])
            #expect(result.status == 1)
            #expect(result.out.contains("535 5.7.8 rejected **** / 5.7.8 user **** password ****"))
            Self.expectNoSecret(result, password: password)
            #expect(!result.out.contains(LocalSMTP.user + " password"))
        }
    }

    @Test func formatsAndNotCheckableTypes() throws {
        let repo = try MailRepo()
        try repo.add("mail-a", listener: "starttls")
        try repo.add("mail-b", listener: "starttls", password: "Wrong-Pass-123")
        let generic = try repo.ws.credfile(["new", "notes", "--type", "generic", "--description", "Notes", "url=https://example.com"])
        try #require(generic.status == 0, "\(generic.err)")
        let json = try repo.run(["check", "--all", "--format", "json"])
        #expect(json.status == 1)
        let lines = json.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.prefix(3).map { $0["name"] as? String } == ["mail-a", "mail-b", "notes"])
        #expect(objects.prefix(3).map { $0["outcome"] as? String } == ["works", "fails", "not-checkable"])
        #expect(objects[1]["path"] as? String == "credentials/mail-b.yaml")
        #expect((objects[3]["summary"] as? [String: Int]) == ["works": 1, "fails": 1, "not_checkable": 1, "errors": 0])
        #expect(lines[0].hasPrefix("{\"facts\":["))  // sorted keys, compact
        let github = try repo.run(["check", "mail-b", "notes", "--format", "github"])
        #expect(github.status == 1)
        #expect(github.out.contains("::error file=credentials/mail-b.yaml,title=credfile check mail-b::authentication failed: 535 5.7.8 Authentication credentials invalid%0Ahint: "))
        #expect(github.out.contains("notes (generic): not checkable"))
        #expect(!github.out.contains("::error file=credentials/notes.yaml"))
        let onlyGeneric = try repo.run(["check", "notes"])
        #expect(onlyGeneric.status == 0)
    }

    @Test func undecryptableCredentialIs128AndTheOthersAreStillChecked() throws {
        let repo = try MailRepo()
        try repo.add("mail-ok", listener: "starttls")
        let other = try Workspace()
        let result = try CLI.run(
            ["check", "mail-ok", "--format", "json"], in: repo.ws.dir.url,
            environment: ["SOPS_AGE_KEY_FILE": other.identityFile.path, "SSL_CERT_FILE": repo.smtp.caFile])
        #expect(result.status == 128)
        #expect(result.err.contains("no identity opens the credential"))
        try repo.add("mail-ok2", listener: "starttls")
        let mixed = try repo.run(["check", "mail-ok", "mail-ok2", "--timeout", "10"])
        #expect(mixed.status == 0)
    }

    @Test func usageErrors() throws {
        let repo = try MailRepo()
        #expect(try repo.run(["check"]).status == 2)
        #expect(try repo.run(["check", "--all", "x"]).status == 2)
        #expect(try repo.run(["check", "--all", "--timeout", "0"]).status == 2)
        #expect(try repo.run(["check", "nosuch"]).status == 3)
    }
}
