/// One-line YAML tokens for strings, for the block context (`key: value` lines).
public enum YAMLScalarWriter {
    /// A one-line YAML token that go-yaml v3 reads back as exactly the string `value` with
    /// type string: plain when that is safe, otherwise double-quoted with YAML escapes
    /// (`\" \\ \0 \t \n \r`, `\xXX` / `\uXXXX` for non-printables; printable Unicode as is).
    public static func string(_ value: String) -> String {
        isPlainSafe(value) ? value : doubleQuoted(value)
    }

    /// A YAML key token (same rule: plain when safe, else double-quoted). libyaml limits an
    /// implicit key to 1024 characters, so longer keys cannot be written on one line at all.
    public static func key(_ key: String) -> String {
        string(key)
    }

    /// True when `value` may be written as a plain scalar in block context and go-yaml v3
    /// reads it back as the same string. Deliberately conservative: quoting is always safe.
    public static func isPlainSafe(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        guard first != " ", last != " ", last != ":" else { return false }
        guard scalars.allSatisfy(isPlainCharacter), startIsPlain(scalars) else { return false }
        guard !containsIndicatorPair(scalars) else { return false }
        return resolvesToItself(value)
    }

    // The first character must not be an indicator. '-', '?' and ':' may start a plain
    // scalar when a non-space follows (libyaml's fetch rule), but "---" and "..." would be
    // document markers at column 0.
    private static func startIsPlain(_ s: [Unicode.Scalar]) -> Bool {
        if s.starts(with: "---".unicodeScalars) || s.starts(with: "...".unicodeScalars) { return false }
        switch s[0] {
        case "-", "?", ":": return s.count > 1 && s[1] != " "
        case ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`": return false
        default: return true
        }
    }

    // ": " starts a mapping value and " #" a comment inside a plain scalar.
    private static func containsIndicatorPair(_ s: [Unicode.Scalar]) -> Bool {
        zip(s, s.dropFirst()).contains { ($0 == ":" && $1 == " ") || ($0 == " " && $1 == "#") }
    }

    // Printable and not a line break or tab: libyaml treats NEL, LS and PS as line breaks
    // and the emitter never writes a tab or BOM in a plain scalar.
    private static func isPlainCharacter(_ c: Unicode.Scalar) -> Bool {
        isPrintable(c) && c != "\n" && c != "\r" && c != "\t" && c != "\u{2028}" && c != "\u{2029}"
    }

    // The plain text must resolve to itself as a string, and, like go-yaml's encoder, we
    // also quote YAML 1.1 booleans and base-60 numbers (`yes`, `12:30`) so YAML 1.1 readers
    // agree, and `<<`, which as a key would be a merge key.
    private static func resolvesToItself(_ value: String) -> Bool {
        guard YAMLResolver.resolve(YAMLScalar(value)) == .string(value) else { return false }
        return !oldBooleans.contains(value) && !isBase60Float(value) && value != "<<"
    }

    // go-yaml v3 encode.go isOldBool.
    private static let oldBooleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
        "n", "N", "no", "No", "NO", "off", "Off", "OFF",
    ]

    // go-yaml v3 isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    static func isBase60Float(_ value: String) -> Bool {
        var rest = Substring(value).utf8[...]
        if let f = rest.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let isDigitOrUnderscore = { (c: UInt8) in GoStrconv.isDigit(c) || c == UInt8(ascii: "_") }
        guard let f = rest.first, GoStrconv.isDigit(f) else { return false }
        rest = rest.dropFirst().drop(while: isDigitOrUnderscore)
        var groups = 0
        while rest.first == UInt8(ascii: ":") {
            let group = rest.dropFirst().prefix(while: GoStrconv.isDigit)
            guard group.count == 1 || (group.count == 2 && group.first! <= UInt8(ascii: "5")) else { return false }
            rest = rest.dropFirst(1 + group.count)
            groups += 1
        }
        if rest.first == UInt8(ascii: ".") { rest = rest.dropFirst().drop(while: isDigitOrUnderscore) }
        return groups > 0 && rest.isEmpty
    }

    /// YAML's printable set (x9 xA xD x20-x7E x85 xA0-xD7FF xE000-xFFFD x10000-) minus what
    /// libyaml's emitter refuses to write raw: C1 controls including NEL, and the BOM.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0xD7FF, 0x10000...0x10FFFF: return true
        case 0xE000...0xFFFD: return c.value != 0xFEFF
        default: return false
        }
    }

    /// `value` in double quotes, every character that is not printable (or is a quote, a
    /// backslash or a line break) escaped, so the token stays on one line.
    public static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for c in value.unicodeScalars { out += escape(c) }
        return out + "\""
    }

    private static func escape(_ c: Unicode.Scalar) -> String {
        switch c {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\0": return "\\0"
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\u{2028}", "\u{2029}": return hexEscape(c)
        default: return isPrintable(c) ? String(c) : hexEscape(c)
        }
    }

    // \xXX for 8-bit code points, \uXXXX above (all non-printables are in the BMP).
    private static func hexEscape(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        let (prefix, width) = c.value <= 0xFF ? ("\\x", 2) : ("\\u", 4)
        return prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex
    }
}
