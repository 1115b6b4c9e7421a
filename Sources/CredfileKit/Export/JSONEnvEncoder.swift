internal import Foundation

/// `json`: one object `{"NAME": "value", …}` with sorted keys and RFC 8259 escaping.
enum JSONEnvEncoder: ExportEncoder {
    static let name = "json"
    static let summary = "one JSON object {\"NAME\": \"value\"}, keys sorted"

    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        let sorted = variables.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let members = sorted.map { "  \(quoted($0.name)): \(quoted($0.value))" }
        let text = members.isEmpty ? "{}\n" : "{\n" + members.joined(separator: ",\n") + "\n}\n"
        let read = parse(text)
        for variable in sorted where !(read?[variable.name]?.utf8.elementsEqual(variable.value.utf8) ?? false) {
            throw ExportRules.noRoundTrip(variable, "a JSON parser")
        }
        return ExportOutput(text: text)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes;
    /// DEL, U+2028 and U+2029 escaped too, so the text is also safe to embed in JavaScript.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for c in string.unicodeScalars {
            switch c {
            case "\"": out += #"\""#
            case "\\": out += #"\\"#
            case "\n": out += #"\n"#
            case "\r": out += #"\r"#
            case "\t": out += #"\t"#
            case "\u{08}": out += #"\b"#
            case "\u{0C}": out += #"\f"#
            case _ where c.value < 0x20 || c.value == 0x7F || c.value == 0x2028 || c.value == 0x2029:
                let digits = String(c.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// Foundation's decoder, as a stand-in for any RFC 8259 consumer.
    static func parse(_ text: String) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }
}
