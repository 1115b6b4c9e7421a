/// Hand-written recognisers for the field formats, over UTF-8 bytes.
///
/// Validation runs these for every field of every credential file (10,000 files must take
/// well under a second), so they use no regular expressions. Each one is mirrored by an
/// ECMA-262 pattern in `FormatPattern` for the JSON Schema export; a test checks that both
/// accept exactly the same strings.
enum FormatCheck {
    typealias Bytes = ArraySlice<UInt8>

    /// An RFC 1123 host name, a dotted-quad IPv4 address or an IPv6 literal.
    static func isHost(_ b: Bytes) -> Bool {
        isDNSName(b, requireDot: false) || isIPv4(b) || isIPv6(b)
    }

    /// RFC 1123 labels joined by dots, at most 253 bytes, no trailing dot. The last label is
    /// not all digits, so `1.2.3.256` is a bad IPv4 address rather than a host name.
    static func isDNSName(_ b: Bytes, requireDot: Bool) -> Bool {
        guard !b.isEmpty, b.count <= 253 else { return false }
        var labels = 0
        var start = b.startIndex
        while true {
            let end = b[start...].firstIndex(of: dot) ?? b.endIndex
            let label = b[start..<end]
            guard isLabel(label) else { return false }
            labels += 1
            if end == b.endIndex {
                return !label.allSatisfy(isDigit) && (!requireDot || labels > 1)
            }
            start = end + 1
        }
    }

    /// 1–63 letters, digits and hyphens, not starting or ending with a hyphen.
    static func isLabel(_ label: Bytes) -> Bool {
        guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
        return isAlnum(first) && isAlnum(last) && label.allSatisfy { isAlnum($0) || $0 == hyphen }
    }

    /// Four decimal parts 0–255, no leading zeros.
    static func isIPv4(_ b: Bytes) -> Bool {
        var parts = 0
        var start = b.startIndex
        while true {
            let end = b[start...].firstIndex(of: dot) ?? b.endIndex
            guard isOctet(b[start..<end]) else { return false }
            parts += 1
            if end == b.endIndex { return parts == 4 }
            guard parts < 4 else { return false }
            start = end + 1
        }
    }

    private static func isOctet(_ part: Bytes) -> Bool {
        guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
        if part.count > 1 && part.first == zero { return false }
        return part.reduce(0) { $0 * 10 + Int($1 - zero) } <= 255
    }

    /// RFC 4291 text form: eight 1–4 digit hex groups, or fewer around one `::`; the last
    /// two groups may be written as an IPv4 address. No zone index.
    static func isIPv6(_ b: Bytes) -> Bool {
        guard b.count >= 2, b.count <= 45 else { return false }
        if let gap = doubleColon(in: b) {
            let left = b[b.startIndex..<gap]
            let right = b[(gap + 2)...]
            guard let l = groups(left, allowIPv4: false), let r = groups(right, allowIPv4: true) else { return false }
            return l + r <= 7
        }
        return groups(b, allowIPv4: true) == 8
    }

    private static func doubleColon(in b: Bytes) -> Int? {
        var i = b.startIndex
        while i + 1 < b.endIndex {
            if b[i] == colon && b[i + 1] == colon { return i }
            i += 1
        }
        return nil
    }

    /// The number of 16-bit groups in `h16 *(":" h16)` (an IPv4 tail counts two); 0 for an
    /// empty run; nil when malformed.
    private static func groups(_ b: Bytes, allowIPv4: Bool) -> Int? {
        guard !b.isEmpty else { return 0 }
        var count = 0
        var start = b.startIndex
        while true {
            let end = b[start...].firstIndex(of: colon) ?? b.endIndex
            let group = b[start..<end]
            if end == b.endIndex, allowIPv4, group.contains(dot) {
                return isIPv4(group) ? count + 2 : nil
            }
            guard (1...4).contains(group.count), group.allSatisfy(isHex) else { return nil }
            count += 1
            if end == b.endIndex { return count }
            start = end + 1
        }
    }

    /// `local@domain`: the local part 1–64 RFC 5322 atext characters in dot-separated runs,
    /// the domain a DNS name with at least one dot.
    static func isEmail(_ b: Bytes) -> Bool {
        guard let at = b.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = b[b.startIndex..<at]
        let domain = b[(at + 1)...]
        guard (1...64).contains(local.count), local.first != dot, local.last != dot else { return false }
        var previous: UInt8 = 0
        for c in local {
            guard isAtext(c) || (c == dot && previous != dot) else { return false }
            previous = c
        }
        return isDNSName(domain, requireDot: true)
    }

    /// `scheme://host[:port][/path][?query][#fragment]`; the host a DNS name, an IPv4
    /// address or a bracketed IPv6 literal; no spaces or control characters anywhere.
    static func isURL(_ b: Bytes) -> Bool {
        guard let first = b.first, isAlpha(first) else { return false }
        var i = b.startIndex + 1
        while i < b.endIndex, isSchemeChar(b[i]) { i += 1 }
        guard b[i...].starts(with: [colon, slash, slash]) else { return false }
        i += 3
        let authorityEnd = b[i...].firstIndex { $0 == slash || $0 == question || $0 == hash } ?? b.endIndex
        guard isAuthority(b[i..<authorityEnd]) else { return false }
        return isPathQueryFragment(b[authorityEnd...])
    }

    private static func isAuthority(_ a: Bytes) -> Bool {
        var hostEnd = a.endIndex
        let host: Bytes
        if a.first == UInt8(ascii: "[") {
            guard let close = a.firstIndex(of: UInt8(ascii: "]")), isIPv6(a[(a.startIndex + 1)..<close]) else { return false }
            host = a[a.startIndex...close]
            hostEnd = close + 1
        } else {
            hostEnd = a.firstIndex(of: colon) ?? a.endIndex
            host = a[a.startIndex..<hostEnd]
            guard isDNSName(host, requireDot: false) || isIPv4(host) else { return false }
        }
        guard hostEnd < a.endIndex else { return !host.isEmpty }
        guard a[hostEnd] == colon else { return false }
        return isPort(a[(hostEnd + 1)...])
    }

    /// 1–65535 in decimal without leading zeros.
    static func isPort(_ p: Bytes) -> Bool {
        guard (1...5).contains(p.count), p.allSatisfy(isDigit), p.first != zero else { return false }
        return p.reduce(0) { $0 * 10 + Int($1 - zero) } <= 65535
    }

    /// What follows the authority: path (no `?` `#`), then query (no `#`), then fragment
    /// (no `#`), each optional and in that order.
    private static func isPathQueryFragment(_ rest: Bytes) -> Bool {
        var stage = 0  // 0 path, 1 query, 2 fragment
        var i = rest.startIndex
        while i < rest.endIndex {
            let c = rest[i]
            if c == question && stage == 0 {
                stage = 1
            } else if c == hash && stage < 2 {
                stage = 2
            } else if c == hash || isForbiddenInURL(rest, at: i) {
                return false
            }
            i += 1
        }
        return true
    }

    /// C0 controls, space, DEL, and the C1 controls (UTF-8 `C2 80`–`C2 9F`).
    private static func isForbiddenInURL(_ b: Bytes, at i: Int) -> Bool {
        let c = b[i]
        if c <= 0x20 || c == 0x7F { return true }
        return c == 0xC2 && i + 1 < b.endIndex && (0x80...0x9F).contains(b[i + 1])
    }

    /// 8-4-4-4-12 hexadecimal digits, either case.
    static func isUUID(_ b: Bytes) -> Bool {
        guard b.count == 36 else { return false }
        for (offset, c) in b.enumerated() {
            let ok = [8, 13, 18, 23].contains(offset) ? c == hyphen : isHex(c)
            guard ok else { return false }
        }
        return true
    }

    /// `YYYY-MM-DD` naming a real day of the proleptic Gregorian calendar.
    static func date(_ b: Bytes) -> (year: Int, month: Int, day: Int)? {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == hyphen, b[s + 7] == hyphen,
              let year = number(b[s..<(s + 4)]), let month = number(b[(s + 5)..<(s + 7)]),
              let day = number(b[(s + 8)..<(s + 10)])
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func number(_ digits: Bytes) -> Int? {
        guard digits.allSatisfy(isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - zero) }
    }

    /// An environment variable name: `^[A-Z_][A-Z0-9_]*$`.
    static func isEnvironmentName(_ b: Bytes) -> Bool {
        guard let first = b.first, isUpper(first) || first == underscore else { return false }
        return b.allSatisfy { isUpper($0) || isDigit($0) || $0 == underscore }
    }

    /// A field name: `^[a-z][a-z0-9_]*$`.
    static func isFieldName(_ b: Bytes) -> Bool {
        guard let first = b.first, isLower(first) else { return false }
        return b.allSatisfy { isLower($0) || isDigit($0) || $0 == underscore }
    }

    /// A credential or type name: `^[a-z][a-z0-9]*([-_][a-z0-9]+)*$`, at most 63 bytes.
    static func isSlug(_ b: Bytes) -> Bool {
        guard let first = b.first, isLower(first), let last = b.last, last != hyphen, last != underscore,
              b.count <= 63
        else { return false }
        var previousSeparator = false
        for c in b {
            let separator = c == hyphen || c == underscore
            guard isLower(c) || isDigit(c) || (separator && !previousSeparator) else { return false }
            previousSeparator = separator
        }
        return true
    }

    // MARK: Character classes

    static let dot = UInt8(ascii: "."), colon = UInt8(ascii: ":"), hyphen = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/"), question = UInt8(ascii: "?"), hash = UInt8(ascii: "#")
    static let zero = UInt8(ascii: "0"), underscore = UInt8(ascii: "_")

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    static func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    static func isAlpha(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
    static func isAlnum(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) }
    static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66) }
    static func isSchemeChar(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "+") || c == dot || c == hyphen
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtext(_ c: UInt8) -> Bool { isAlnum(c) || atextSymbols.contains(c) }
    static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)
}
