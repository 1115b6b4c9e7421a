@testable import CredfileMail
import Testing
import Foundation

/// The message builder: the RFC 5322 / MIME shapes, checked against hand-worked values.
struct MailMessageTests {
    /// 2026-12-06 06:41:44 UTC, a Sunday.
    static let time: Int64 = 1_796_539_304

    @Test func datesAreRFC5322InUTC() {
        #expect(MailDate.rfc5322(0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate.rfc5322(Self.time) == "Sun, 06 Dec 2026 06:41:44 +0000")
        #expect(MailDate.rfc5322(951_782_400) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(MailDate.rfc5322(-1) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test func asciiMessageIs7bitWithCRLFEverywhere() throws {
        let message = MailMessage(from: "bot@example.org", to: ["a@x.test"], subject: "Status", body: "one\ntwo\r\nthree\rfour")
        let text = String(decoding: try message.rendered(unixTime: Self.time, uniqueToken: "abc"), as: UTF8.self)
        #expect(text == """
            Date: Sun, 06 Dec 2026 06:41:44 +0000\r
            From: bot@example.org\r
            To: a@x.test\r
            Message-ID: <abc@example.org>\r
            Subject: Status\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 7bit\r
            \r
            one\r
            two\r
            three\r
            four\r

            """)
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatMustBe() {
        #expect(QuotedPrintable.encode(Array("a=b ".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["a=3Db=20"])
        #expect(QuotedPrintable.encode(Array("tab\t".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["tab=09"])
        #expect(QuotedPrintable.encode(Array("ü".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["=C3=BC"])
        let long = QuotedPrintable.encode(Array(String(repeating: "é", count: 30).utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(long.count == 3)
        #expect(long.dropLast().allSatisfy { $0.hasSuffix("=") && $0.count <= 76 })
        // Decoding it back (soft breaks removed) gives the bytes again.
        #expect(long.map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 }.joined() == String(repeating: "=C3=A9", count: 30))
    }

    @Test func nonASCIIOrLongLinesSwitchToQuotedPrintable() throws {
        for body in ["Grüße", String(repeating: "x", count: 999), "bell\u{07}"] {
            let message = MailMessage(from: "a@b.test", to: ["c@d.test"], subject: "s", body: body)
            let text = String(decoding: try message.rendered(unixTime: 0, uniqueToken: "t"), as: UTF8.self)
            #expect(text.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
        }
    }

    @Test func subjectsAreEncodedWordsThatFitAndDecode() {
        #expect(MailMessage.subjectField("Hello") == "Subject: Hello")
        #expect(MailMessage.subjectField("Grüße") == "Subject: =?UTF-8?B?R3LDvMOfZQ==?=")
        // ASCII that looks like an encoded word is encoded, so it is not decoded by the reader.
        #expect(MailMessage.subjectField("=?UTF-8?B?eA==?=").hasPrefix("Subject: =?UTF-8?B?"))
        let field = MailMessage.subjectField(String(repeating: "😀", count: 30))
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for line in lines { #expect(line.utf8.count <= 76) }
        // Every word holds whole characters: 4-byte emoji, 9 of them in 39 bytes… at most.
        for line in lines { #expect(line.contains("=?UTF-8?B?") && line.hasSuffix("?=")) }
    }

    @Test func headerInjectionIsRefused() {
        let cases = [
            MailMessage(from: "a@b.test", to: ["c@d.test"], subject: "x\r\nBcc: e@f.test", body: ""),
            MailMessage(from: "a@b.test", to: ["c@d.test"], subject: "x\nBcc: e@f.test", body: ""),
            MailMessage(from: "a@b.test\r\nBcc: e@f.test", to: ["c@d.test"], subject: "x", body: ""),
            MailMessage(from: "a@b.test", to: ["c@d.test>\r\nRCPT TO:<e@f.test"], subject: "x", body: ""),
            MailMessage(from: "a@b.test", to: [], subject: "x", body: ""),
            MailMessage(from: "a@b.test", to: ["c@d.test"], cc: ["Name <e@f.test>"], subject: "x", body: ""),
        ]
        for message in cases {
            let error = #expect(throws: MailError.self) { try message.rendered(unixTime: 0, uniqueToken: "t") }
            #expect(error?.kind == .invalidRequest)
        }
    }

    @Test func recipientsAreToThenCcOnce() {
        let message = MailMessage(from: "a@b.test", to: ["x@y.test", "X@y.test"], cc: ["z@y.test", "x@y.test"], subject: "s", body: "")
        #expect(message.recipients == ["x@y.test", "z@y.test"])
    }
}

/// The reply transcript: grouping, 334 dropped, every form of the credential redacted.
struct SMTPTranscriptTests {
    static func feed(_ lines: [String], user: String? = "u@example.test", password: String? = "S3cret-Pass") -> [SMTPReply] {
        var transcript = SMTPTranscript(username: user, password: password)
        for line in lines { transcript.receive(Array((line + "\r\n").utf8)) }
        transcript.flush()
        return transcript.replies
    }

    @Test func multiLineRepliesAreGrouped() {
        let replies = Self.feed(["220 mx ready", "250-mx", "250-STARTTLS", "250 AUTH PLAIN LOGIN", "535 5.7.8 no"])
        #expect(replies == [
            SMTPReply(code: 220, lines: ["mx ready"]), SMTPReply(code: 250, lines: ["mx", "STARTTLS", "AUTH PLAIN LOGIN"]),
            SMTPReply(code: 535, lines: ["5.7.8 no"]),
        ])
        let session = SMTPSession(replies: replies, tlsVersion: nil, security: .startTLS)
        #expect(session.mechanisms == ["PLAIN", "LOGIN"])
        #expect(session.offersStartTLS)
        #expect(!session.encrypted)  // one EHLO only: STARTTLS never completed
    }

    @Test func challengesAreDroppedAndCredentialsRedacted() {
        let plain = MailBase64.encode(Array("\0u@example.test\0S3cret-Pass".utf8))
        let replies = Self.feed([
            "334 VXNlcm5hbWU6", "334 \(plain)",
            "535-5.7.8 you sent \(plain) and \(MailBase64.encode(Array("S3cret-Pass".utf8)))",
            "535 5.7.8 user u@example.test pass S3cret-Pass, unpadded \(String(plain.prefix { $0 != "=" }))",
        ])
        #expect(replies.count == 1)
        let text = replies[0].description
        #expect(!text.contains("S3cret"))
        #expect(!text.contains("u@example.test"))
        #expect(!text.contains(plain) && !text.contains(String(plain.prefix(20))))
        #expect(text == "535 5.7.8 you sent **** and **** / 5.7.8 user **** pass ****, unpadded ****")
    }

    @Test func garbageAndFloodsAreBounded() {
        let lines = ["not a reply", "99 short", "2"] + (0..<500).map { "250-line \($0)" }
        let replies = Self.feed(lines)
        #expect(replies.map(\.lines.count).reduce(0, +) <= SMTPTranscript.maximumLines)
        let long = Self.feed(["554 " + String(repeating: "x", count: 5000)])
        #expect(long[0].lines[0].utf8.count <= SMTPTranscript.maximumLineLength)
    }

    @Test func addressesAreBareAddrSpecs() {
        for good in ["a@b.test", "first.last+tag@sub.example.org", "ü@exämple.test"] { #expect(MailAddress.isValid(good)) }
        for bad in ["", "a", "@b.test", "a@", "a b@c.test", "<a@b.test>", "a@b.test,c@d.test", "a@b.test\r\n", "Name <a@b.test>"] {
            #expect(!MailAddress.isValid(bad), "\(bad)")
        }
    }

    @Test func serverURLsAndRefusals() throws {
        #expect(SMTPServer(host: "mail.example.org", port: 587, security: .startTLS).url == "smtp://mail.example.org:587")
        #expect(SMTPServer(host: "mail.example.org", port: 465, security: .implicitTLS).url == "smtps://mail.example.org:465")
        #expect(SMTPServer(host: "::1", port: 25, security: .none).url == "smtp://[::1]:25")
        for server in [
            SMTPServer(host: "evil.test/path", port: 25, security: .none),
            SMTPServer(host: "user@evil.test", port: 25, security: .none),
            SMTPServer(host: "a.test", port: 0, security: .none),
            SMTPServer(host: "a.test", port: 25, security: .none, username: "u", password: "p\r\nQUIT"),
        ] {
            let error = #expect(throws: MailError.self) { try SMTPClient().login(server) }
            #expect(error?.kind == .invalidRequest)
        }
    }

    @Test func closedPortIsUnreachable() {
        let error = #expect(throws: MailError.self) {
            try SMTPClient().login(SMTPServer(host: "127.0.0.1", port: 1, security: .startTLS, username: "u", password: "p", timeoutSeconds: 5))
        }
        #expect(error?.kind == .unreachable)
        #expect(error?.message.hasPrefix("127.0.0.1:1: ") == true)
    }
}
