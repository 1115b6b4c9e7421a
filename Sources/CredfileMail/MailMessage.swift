/// A plain-text e-mail as RFC 5322 and MIME (RFC 2045–2047) want it: UTF-8 text, CRLF line
/// ends, every header line within 998 octets, non-ASCII only in encoded form.
///
/// Not dot-stuffed: libcurl does that on the wire (a line starting with "." gets a second one).
public struct MailMessage: Sendable {
    /// The sender (`From:` and the envelope's MAIL FROM).
    public var from: String
    /// `To:` recipients.
    public var to: [String]
    /// `Cc:` recipients (also in the envelope).
    public var cc: [String]
    /// The subject, any Unicode, no line break.
    public var subject: String
    /// The body text; any line ends (normalised to CRLF).
    public var body: String

    /// A message; `rendered` checks and encodes it.
    public init(from: String, to: [String], cc: [String] = [], subject: String, body: String) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.body = body
    }

    /// Every envelope recipient (To, then Cc), each once.
    public var recipients: [String] {
        var seen = Set<String>()
        return (to + cc).filter { seen.insert($0.lowercased()).inserted }
    }

    /// The domain of the sender (for the Message-ID).
    public var senderDomain: String { String(from.unicodeScalars.split(separator: "@").last.map { String(String.UnicodeScalarView($0)) } ?? "localhost") }

    /// The message bytes. `unixTime` is the Date (UTC), `uniqueToken` the left part of the
    /// Message-ID (random, from the caller). Throws on an address that is not one and on a
    /// line break or other control character in the subject (header injection).
    public func rendered(unixTime: Int64, uniqueToken: String) throws(MailError) -> [UInt8] {
        for address in [from] + to + cc where !MailAddress.isValid(address) {
            throw MailError(.invalidRequest, "not an e-mail address: '\(MailAddress.display(address))'")
        }
        guard !to.isEmpty else { throw MailError(.invalidRequest, "no recipient (--to)") }
        guard !subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw MailError(.invalidRequest, "the subject contains a line break or another control character")
        }
        var header = [
            "Date: \(MailDate.rfc5322(unixTime))",
            "From: \(from)",
            Self.addressField("To", to),
        ]
        if !cc.isEmpty { header.append(Self.addressField("Cc", cc)) }
        header += [
            "Message-ID: <\(uniqueToken)@\(senderDomain)>",
            Self.subjectField(subject),
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        let lines = Self.lines(of: body)
        let plain = lines.allSatisfy { line in line.count <= 998 && line.allSatisfy { $0 == 9 || (0x20...0x7E).contains($0) } }
        header.append("Content-Transfer-Encoding: \(plain ? "7bit" : "quoted-printable")")
        var bytes = Array((header.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        let encoded = plain ? lines : lines.flatMap(QuotedPrintable.encode)
        for line in encoded { bytes += line + [13, 10] }
        return bytes
    }

    /// `To: a@x.org,\r\n b@y.org`: one address a line, so no line outgrows the limit.
    static func addressField(_ name: String, _ addresses: [String]) -> String {
        "\(name): " + addresses.joined(separator: ",\r\n ")
    }

    /// The subject as is when it is printable ASCII and short; otherwise RFC 2047 encoded
    /// words (`=?UTF-8?B?…?=`, never splitting a character), folded one a line, each line
    /// within RFC 2047 §2's 76 characters, the first one's `Subject: ` included.
    static func subjectField(_ subject: String) -> String {
        let ascii = subject.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
        if ascii && subject.utf8.count <= 900 && !subject.contains("=?") { return "Subject: \(subject)" }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in subject.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {  // 39 bytes: 52 base64 characters, + 12 + "Subject: " = 73
                words.append("=?UTF-8?B?\(MailBase64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(MailBase64.encode(chunk))?=") }
        return "Subject: " + words.joined(separator: "\r\n ")
    }

    /// The body's lines (CRLF, CR or LF ends), without a trailing empty line.
    static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousCR = false
        for byte in text.utf8 {
            if byte == 10 && previousCR { previousCR = false; continue }
            previousCR = byte == 13
            if byte == 10 || byte == 13 {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// Quoted-printable (RFC 2045 §6.7) for one line of text: printable ASCII but `=` as is,
/// space and tab as is except at the end, everything else `=XX`; soft breaks (`=` at the end)
/// keep every line within 76 characters.
enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func encode(_ line: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        for (index, byte) in line.enumerated() {
            let last = index == line.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last)
            let token: [UInt8] = literal ? [byte] : [61, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            if current.count + token.count > 75 {
                out.append(current + [61])
                current = []
            }
            current += token
        }
        out.append(current)
        return out
    }
}

/// The RFC 5322 date-time in UTC (`Sun, 06 Dec 2026 06:40:00 +0000`), without Foundation.
enum MailDate {
    static func rfc5322(_ unixTime: Int64) -> String {
        let days = unixTime >= 0 ? unixTime / 86_400 : (unixTime - 86_399) / 86_400
        let seconds = unixTime - days * 86_400
        let (year, month, day) = civil(days)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let two = { (n: Int64) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(day)) \(months[Int(month) - 1]) \(year) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }

    /// Days since 1970-01-01 to (year, month, day): Howard Hinnant's civil_from_days.
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
