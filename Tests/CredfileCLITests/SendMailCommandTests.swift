import CredfileTestSupport
import Foundation
import Testing

/// `credfile send-mail` against the suite's local servers: the delivered bytes checked one by
/// one, and read back by an independent parser (Python's `email` package).
extension SMTPCommandTests {
    /// The messages the listener received since `before` events, as (envelope, bytes).
    static func delivered(_ smtp: LocalSMTP, _ listener: String, after before: Int) throws -> [(from: String, to: [String], bytes: [UInt8])] {
        try smtp.events(listener).dropFirst(before).filter { $0["event"] as? String == "data" }.map { event in
            let hex = try #require(event["content"] as? String)
            let bytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: i)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            }
            return (try #require(event["mail_from"] as? String), try #require(event["rcpt_tos"] as? [String]), bytes)
        }
    }

    /// The header value `name` of a delivered message (first line only).
    static func header(_ name: String, in bytes: [UInt8]) -> String? {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }
            .map { String($0.dropFirst(name.count + 2)) }
    }

    @Test func sendMailDeliversTheExactMessage() throws {
        let repo = try MailRepo()
        try repo.add("mail-send", listener: "starttls", ["tls=true", "email=invoices@example.test"])
        let before = try repo.smtp.events("starttls").count
        let subject = "Rechnung für März – ✓ done"
        let body = "Grüße aus Köln\n.a line with a leading dot\n..and two\nplain ASCII \n"
        let result = try repo.run(
            ["send-mail", "mail-send", "--to", "a@x.test", "b@x.test", "--cc", "c@y.test", "--subject", subject, "--body", body])
        #expect(result.status == 0, "\(result.err)")
        let messages = try Self.delivered(repo.smtp, "starttls", after: before)
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.from == "invoices@example.test")
        #expect(message.to == ["a@x.test", "b@x.test", "c@y.test"])
        let date = try #require(Self.header("Date", in: message.bytes))
        #expect(date.range(of: #"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$"#, options: .regularExpression) != nil)
        let id = try #require(Self.header("Message-ID", in: message.bytes))
        #expect(id.range(of: #"^<[0-9a-f]{32}\.\d+@example\.test>$"#, options: .regularExpression) != nil)
        #expect(result.out.hasPrefix("sent \(id) to a@x.test, b@x.test, c@y.test over TLSv1.3: 250 2.0.0 Ok: queued as T3ST"))
        let expected =
            "Date: \(date)\r\nFrom: invoices@example.test\r\nTo: a@x.test,\r\n b@x.test\r\nCc: c@y.test\r\nMessage-ID: \(id)\r\n"
            + "Subject: =?UTF-8?B?UmVjaG51bmcgZsO8ciBNw6RyeiDigJMg4pyTIGRvbmU=?=\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            // The dot lines arrive as written: libcurl stuffed them once, the server unstuffed.
            + "Gr=C3=BC=C3=9Fe aus K=C3=B6ln\r\n.a line with a leading dot\r\n..and two\r\nplain ASCII=20\r\n"
        #expect(String(decoding: message.bytes, as: UTF8.self) == expected)
        // An independent reader decodes the subject and the body back.
        let parsed = try Self.parse(message.bytes)
        #expect(parsed["subject"] == subject)
        #expect(parsed["body"] == body)
        #expect(parsed["to"] == "a@x.test, b@x.test")
    }

    @Test func plainASCIIBodyIs7bitAndLongLinesAreSoftBroken() throws {
        let repo = try MailRepo()
        try repo.add("mail-ascii", listener: "implicit", ["tls_mode=implicit", "email=bot@example.test"])
        var before = try repo.smtp.events("implicit").count
        let ascii = try repo.run(["send-mail", "mail-ascii", "--to", "a@x.test", "--subject", "Status", "--body", "all good\r\n.\r\nbye"])
        #expect(ascii.status == 0, "\(ascii.err)")
        var message = try #require(try Self.delivered(repo.smtp, "implicit", after: before).first)
        var text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.contains("Subject: Status\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nall good\r\n.\r\nbye\r\n"))
        #expect(text.hasSuffix("\r\n\r\nall good\r\n.\r\nbye\r\n"))
        before = try repo.smtp.events("implicit").count
        let long = String(repeating: "é", count: 100)
        let body = try repo.ws.write("body.txt", long + "\n")
        let result = try repo.run(["send-mail", "mail-ascii", "--to", "a@x.test", "--subject", String(repeating: "ü", count: 40), "--body-file", body.path])
        #expect(result.status == 0, "\(result.err)")
        message = try #require(try Self.delivered(repo.smtp, "implicit", after: before).first)
        text = String(decoding: message.bytes, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76, "\(line)") }
        #expect(text.contains("Subject: =?UTF-8?B?"))
        #expect(text.contains("?=\r\n =?UTF-8?B?"))  // folded into several encoded words
        let parsed = try Self.parse(message.bytes)
        #expect(parsed["subject"] == String(repeating: "ü", count: 40))
        #expect(parsed["body"] == long + "\n")
    }

    @Test func senderRule() throws {
        let repo = try MailRepo()
        try repo.add("mail-noemail", listener: "starttls")
        try repo.add("mail-email", listener: "starttls", ["tls=true", "email=owner@example.test"])
        let before = try repo.smtp.events("starttls").count
        let missing = try repo.run(["send-mail", "mail-noemail", "--to", "a@x.test", "--subject", "s", "--body", "b"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("the credential has no email field, so the sender is unknown"))
        #expect(missing.err.contains("--from ADDRESS"))
        let differs = try repo.run(["send-mail", "mail-email", "--to", "a@x.test", "--from", "other@example.test", "--subject", "s", "--body", "b"])
        #expect(differs.status == 2)
        #expect(try Self.delivered(repo.smtp, "starttls", after: before).isEmpty)
        let given = try repo.run(["send-mail", "mail-noemail", "--to", "a@x.test", "--from", "me@example.test", "--subject", "s"], stdin: "from stdin\n")
        #expect(given.status == 0, "\(given.err)")
        let message = try #require(try Self.delivered(repo.smtp, "starttls", after: before).first)
        #expect(message.from == "me@example.test")
        #expect(Self.header("From", in: message.bytes) == "me@example.test")
        #expect(String(decoding: message.bytes, as: UTF8.self).hasSuffix("\r\n\r\nfrom stdin\r\n"))
    }

    @Test func headerInjectionAndBadAddressesAreRefusedAndNothingIsSent() throws {
        let repo = try MailRepo()
        try repo.add("mail-inject", listener: "starttls", ["tls=true", "email=owner@example.test"])
        let before = try repo.smtp.events("starttls").count
        for args in [
            ["--to", "a@x.test", "--subject", "hi\r\nBcc: victim@x.test"],
            ["--to", "a@x.test", "--subject", "hi\nBcc: victim@x.test"],
            ["--to", "a@x.test\r\nBcc: victim@x.test", "--subject", "hi"],
            ["--to", "a@x.test>\r\nRCPT TO:<victim@x.test", "--subject", "hi"],
            ["--to", "a@x.test", "--cc", "not an address", "--subject", "hi"],
        ] {
            let result = try repo.run(["send-mail", "mail-inject"] + args + ["--body", "b"])
            #expect(result.status == 2, "\(args): \(result.err)")
        }
        #expect(try repo.smtp.events("starttls").count == before)
    }

    @Test func sendMailFailuresCarryTheServersReply() throws {
        let repo = try MailRepo()
        let wrong = "Wrong-Send-Pass-77"
        try repo.add("mail-badpass", listener: "starttls", password: wrong, ["tls=true", "email=owner@example.test"])
        try repo.add("mail-plainsend", listener: "plain", ["tls=false", "email=owner@example.test"])
        let before = try repo.smtp.events().count
        let refused = try repo.run(["send-mail", "mail-badpass", "--to", "a@x.test", "--subject", "s", "--body", "b"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("not sent: authentication failed: 535 5.7.8 Authentication credentials invalid [mail.failed]"))
        #expect(refused.err.contains("app password"))
        Self.expectNoSecret(refused, password: wrong)
        let plain = try repo.run(["send-mail", "mail-plainsend", "--to", "a@x.test", "--subject", "s", "--body", "b"])
        #expect(plain.status == 1)
        #expect(plain.err.contains("refusing to send the password over an unencrypted connection"))
        #expect(try repo.smtp.events().dropFirst(before).allSatisfy { $0["event"] as? String != "data" })
        let allowed = try repo.run(["send-mail", "mail-plainsend", "--to", "a@x.test", "--subject", "s", "--body", "b", "--allow-plaintext-auth"])
        #expect(allowed.status == 0, "\(allowed.err)")
        Self.expectNoSecret(allowed, password: LocalSMTP.password)
    }

    /// Subject, To and the decoded body of `bytes`, read by Python's `email` package.
    static func parse(_ bytes: [UInt8]) throws -> [String: String] {
        let python = try PeerTool.require("python3")
        let script = """
            import sys, json, email, email.policy
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            print(json.dumps({"subject": str(m["subject"]), "to": str(m["to"]), "body": m.get_content().replace("\\r\\n", "\\n")}))
            """
        let result = try Subprocess.run(python, ["-c", script], stdin: Data(bytes))
        try #require(result.status == 0, "\(result.err)")
        return try JSONDecoder().decode([String: String].self, from: result.stdout)
    }
}
