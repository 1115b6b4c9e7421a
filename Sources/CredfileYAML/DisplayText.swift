/// Text from files (keys, file names, patterns) as messages and terminals show it (issue 12):
/// a branch author controls it, and it reaches hooks, CI logs and terminals.
///
/// One place decides what is escaped: the C0 and C1 controls (ESC would start a terminal
/// sequence, CR overwrite a line, BEL ring), DEL, the Unicode line and paragraph separators,
/// and the bidirectional controls (U+202A…U+202E, U+2066…U+2069, U+200E, U+200F, U+061C),
/// which reorder what is shown. Each is written `\u{1B}`; everything else is left as it is.
public enum DisplayText {
    /// The longest key (in characters) a message quotes before truncating it with `…`.
    public static let maxKeyLength = 64

    /// Whether a scalar is escaped.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// `text` with every scalar `needsEscape` selects written `\u{HEX}`; the line feed too
    /// unless `keepingNewlines` (for multi-line text credfile itself composed).
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) && !(keepingNewlines && scalar == "\n") {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A key as a message shows it: in single quotes, at most `maxKeyLength` characters (then
    /// `…`), escaped, so a message stays on one line and short however the key was written.
    public static func key(_ key: String, maxLength: Int = maxKeyLength) -> String {
        let truncated = key.count > maxLength
        let shown = truncated ? String(key.prefix(maxLength)) : key
        return "'\(escaped(shown))\(truncated ? "…" : "")'"
    }
}
