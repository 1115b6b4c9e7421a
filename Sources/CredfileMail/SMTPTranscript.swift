/// The server's replies as libcurl's debug callback hands them over (one CURLINFO_HEADER_IN
/// call per received line), grouped into replies and made safe to print.
///
/// Safe to print means: a 334 reply (a SASL challenge, which a hostile or broken server could
/// fill with anything it was sent) is dropped, and every occurrence of the username, the
/// password, or the base64 forms libcurl sends them in (PLAIN's `\0user\0password`, LOGIN's
/// separate user and password) is replaced by `****`, before any reply leaves this file.
struct SMTPTranscript {
    /// The texts that must not appear in a reply, longest first.
    private let secrets: [String]
    private(set) var replies: [SMTPReply] = []
    private var pending: [String] = []
    private var pendingCode = 0
    /// A bound on what is kept: a server could talk forever.
    static let maximumLines = 200
    static let maximumLineLength = 512

    init(username: String?, password: String?) {
        var secrets: [String] = []
        let forms = { (bytes: [UInt8]) -> [String] in
            let encoded = MailBase64.encode(bytes)
            return [encoded, String(encoded.prefix { $0 != "=" })]
        }
        if let password, !password.isEmpty {
            secrets += [password] + forms(Array(password.utf8))
            let user = Array((username ?? "").utf8)
            secrets += forms([0] + user + [0] + Array(password.utf8))
            secrets += forms(user + [0] + user + [0] + Array(password.utf8))
        }
        if let username, !username.isEmpty { secrets += [username] + forms(Array(username.utf8)) }
        self.secrets = Array(Set(secrets.filter { $0.count >= 2 })).sorted { $0.count > $1.count }
    }

    /// One received line ("250-AUTH PLAIN LOGIN\r\n"); a line that is not a reply is ignored.
    mutating func receive(_ raw: [UInt8]) {
        guard replies.count + pending.count < Self.maximumLines else { return }
        var bytes = raw[...]
        while let last = bytes.last, last == 13 || last == 10 { bytes.removeLast() }
        let line = String(decoding: bytes.prefix(Self.maximumLineLength), as: UTF8.self)
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, let code = Int(String(String.UnicodeScalarView(scalars[0..<3]))),
            (200...599).contains(code) || (100...199).contains(code)
        else { return }
        let separator: Unicode.Scalar = scalars.count > 3 ? scalars[3] : " "
        let text = scalars.count > 4 ? String(String.UnicodeScalarView(scalars[4...])) : ""
        if !pending.isEmpty && code != pendingCode { flush() }
        pendingCode = code
        pending.append(text)
        if separator != "-" { flush() }
    }

    /// Ends the reply being collected (also called when the exchange ends mid-reply).
    mutating func flush() {
        defer { pending = [] }
        guard !pending.isEmpty, pendingCode != 334 else { return }
        replies.append(SMTPReply(code: pendingCode, lines: pending.map(redact)))
    }

    /// `text` with every secret form replaced by `****`.
    func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingAll(secret, with: "****")
        }
        return result
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in this module).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    /// The first range of `target` (by Unicode scalars, so a secret is found inside any text).
    fileprivate func range(of target: String) -> Range<Index>? {
        let needle = Array(target.unicodeScalars)
        guard !needle.isEmpty else { return nil }
        var index = startIndex
        while index < endIndex {
            var probe = index
            var matched = 0
            while matched < needle.count, probe < endIndex, unicodeScalars[probe] == needle[matched] {
                probe = unicodeScalars.index(after: probe)
                matched += 1
            }
            if matched == needle.count { return index..<probe }
            index = unicodeScalars.index(after: index)
        }
        return nil
    }
}

extension String {
    /// Whether `target` occurs in the text.
    fileprivate func contains(_ target: String) -> Bool { self[...].range(of: target) != nil }
}

/// Addresses as SMTP and RFC 5322 take them: a bare `local@domain`, nothing that could add a
/// header or a command.
public enum MailAddress {
    /// A plausible addr-spec: one `@` with text on both sides, no white space, control
    /// character, angle bracket, comma or semicolon, at most 254 bytes.
    public static func isValid(_ address: String) -> Bool {
        let scalars = address.unicodeScalars
        guard address.utf8.count <= 254, let at = scalars.lastIndex(of: "@"), at != scalars.startIndex,
            scalars.index(after: at) != scalars.endIndex
        else { return false }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", ",", ";", " ", "\t", "\"", "(", ")", "\\", "[", "]"]
        return !scalars.contains { $0.value < 0x20 || $0.value == 0x7F || forbidden.contains($0) }
    }

    /// The address for a message: control characters shown as `?`, at most 254 characters.
    public static func display(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(254).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }
}

/// Base64 (RFC 4648, padded), for the redaction forms and MIME; no Foundation here.
enum MailBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i]), b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0, b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
