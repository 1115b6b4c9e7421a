/// A recipient's label: the YAML comment beside it in `.sops.yaml` (`- age1…  # alice laptop`).
/// sops ignores comments, so a label never changes who can read what; credfile shows it in
/// `recipients list` and keeps it on every rewrite of the config (issue 16, item 8).
public enum RecipientLabel {
    /// The longest label accepted: one line a table can show.
    public static let maximumLength = 80

    /// The label as the user gave it, trimmed; nil when empty. A line break or control
    /// character would end the comment and put the rest into the YAML, so it is refused.
    public static func validated(_ text: String) throws -> String? {
        let label = text.trimmingWhitespace
        guard !label.isEmpty else { return nil }
        guard !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" })
        else {
            throw CredfileError(.usage, "a label must be one line of text without control characters")
        }
        guard label.count <= maximumLength else {
            throw CredfileError(.usage, "a label is at most \(maximumLength) characters")
        }
        return label
    }

    /// The comment that ends the line `offset` is on, when only blanks separate it from
    /// `offset` (a YAML comment needs a blank before `#`): its text, trimmed; nil otherwise.
    static func comment(after offset: Int, in source: [UInt8]) -> String? {
        var index = offset
        var sawBlank = false
        while index < source.count, source[index] == UInt8(ascii: " ") || source[index] == UInt8(ascii: "\t") {
            index += 1
            sawBlank = true
        }
        guard sawBlank, index < source.count, source[index] == UInt8(ascii: "#") else { return nil }
        let end = source[index...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
        let text = String(decoding: source[(index + 1)..<end], as: UTF8.self).trimmingWhitespace
        return text.isEmpty ? nil : text
    }

    /// `  # label`, or nothing.
    static func suffix(_ label: String?) -> String { label.map { "  # \($0)" } ?? "" }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
