internal import CredfileYAML

/// Text from files on a terminal. What counts as a control is decided in one place,
/// `DisplayText` (C0/C1, DEL, line separators, bidirectional overrides); `Printer` escapes
/// every diagnostic, hint and note with it, and `show` and `list` values with `safe`.
enum TerminalText {
    /// A line of output with every control written `\u{1B}`.
    static func escaped(_ text: String) -> String { DisplayText.escaped(text) }

    /// A value as `show` prints it: as it is, or, when it holds a control, in double quotes
    /// with `\n`, `\t`, `\"`, `\\` and `\u{…}` escapes, so it cannot be mistaken for another value.
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: DisplayText.needsEscape) else { return text }
        let escaped = text.unicodeScalars.map { c -> String in
            switch c {
            case "\n": return "\\n"
            case "\t": return "\\t"
            case "\"": return "\\\""
            case "\\": return "\\\\"
            default: return DisplayText.needsEscape(c) ? "\\u{\(String(c.value, radix: 16, uppercase: true))}" : String(c)
            }
        }
        return "\"" + escaped.joined() + "\""
    }
}
