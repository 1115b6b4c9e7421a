/// ECMA-262 regular expressions equivalent to the hand-written checks in `FormatCheck`, for
/// the JSON Schema export.
///
/// They use only the subset that ECMA-262 (in and out of unicode mode), Python `re` and Swift
/// `Regex` read the same way: classes spelled out (`[0-9]`, never `\d`), lookahead but no
/// lookbehind, no possessive quantifiers, `\xHH` escapes. A test runs each against a corpus
/// and the checker and requires the same verdict on every string.
enum FormatPattern {
    /// A label without the "not ending in a hyphen" rule, which `noHyphenBefore` adds once
    /// per name: the direct form `[a](?:[a-]{0,61}[a])?` inside a repetition makes
    /// backtracking engines (regress, used by check-jsonschema) take exponential time on a
    /// long name that fails near its end.
    static let label = "[A-Za-z0-9][A-Za-z0-9-]{0,62}"
    /// The last label of a host name is not all digits (see `FormatCheck.isDNSName`).
    static let lastLabel = "(?![0-9]+(?:$|[:/?#]))" + label
    /// No label ends with a hyphen: no `-` before a dot or before the end of the host, which
    /// ends at the end of the text or at `:`, `/`, `?`, `#` (in a URL).
    static let noHyphenBefore = "(?![^:/?#]*-(?:[.:/?#]|$))"

    static let octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    static let ipv4 = "\(octet)(?:\\.\(octet)){3}"

    /// RFC 3986 `IPv6address`, built from its nine alternatives.
    static let ipv6: String = {
        let h16 = "[0-9A-Fa-f]{1,4}"
        let ls32 = "(?:\(h16):\(h16)|\(ipv4))"
        func times(_ n: Int) -> String { n == 0 ? "" : "(?:\(h16):){\(n)}" }
        func upTo(_ n: Int) -> String { n == 0 ? "(?:\(h16))?" : "(?:(?:\(h16):){0,\(n)}\(h16))?" }
        let alternatives = [
            "\(times(6))\(ls32)",
            "::\(times(5))\(ls32)",
            "\(upTo(0))::\(times(4))\(ls32)",
            "\(upTo(1))::\(times(3))\(ls32)",
            "\(upTo(2))::\(times(2))\(ls32)",
            "\(upTo(3))::\(times(1))\(ls32)",
            "\(upTo(4))::\(ls32)",
            "\(upTo(5))::\(h16)",
            "\(upTo(6))::",
        ]
        return "(?:" + alternatives.joined(separator: "|") + ")"
    }()

    static let dnsName = "\(noHyphenBefore)(?:\(label)\\.)*\(lastLabel)"
    static let dottedDNSName = "\(noHyphenBefore)(?:\(label)\\.)+\(lastLabel)"

    static let hostname = "^(?=.{1,253}$)(?:\(dnsName)|\(ipv4)|\(ipv6))$"

    static let atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
    static let email = "^(?![^@]{65})\(atext)+(?:\\.\(atext)+)*@(?!.{254})\(dottedDNSName)$"

    static let port = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
    /// Anything but C0 controls, space, DEL and C1 controls.
    static let urlChar = "\\x00-\\x20\\x7F-\\x9F"
    static let url = "^[A-Za-z][A-Za-z0-9+.-]*://"
        + "(?:(?![^:/?#]{254})(?:\(dnsName)|\(ipv4))|\\[\(ipv6)\\])(?::\(port))?"
        + "(?:/[^\(urlChar)?#]*)?(?:\\?[^\(urlChar)#]*)?(?:#[^\(urlChar)#]*)?$"

    static let uuid = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"

    /// A real day of the proleptic Gregorian calendar, leap years included.
    static let date = "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        + "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        + "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"

    /// The pattern for a kind, nil for kinds JSON Schema types on their own.
    static func pattern(for kind: FieldKind) -> String? {
        switch kind {
        case .hostname: hostname
        case .email: email
        case .url: url
        case .uuid: uuid
        case .date: date
        case .string, .int, .port, .bool, .oneOf: nil
        }
    }

    // MARK: sops

    static let base64 = "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)"

    /// An `ENC[AES256_GCM,…]` token with the given `type:` alternatives.
    static func encrypted(types: [String]) -> String {
        let type = types.count == 1 ? types[0] : "(?:" + types.joined(separator: "|") + ")"
        return "^ENC\\[AES256_GCM,data:\(base64),iv:\(base64),tag:[A-Za-z0-9+/]{22}==,type:\(type)\\]$"
    }

    static let credentialName = "^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$"
    static let sopsVersion = "^[0-9]+\\.[0-9]+\\.[0-9]+"
    static let ageRecipient = "^age1[02-9ac-hj-np-z]+$"
}
