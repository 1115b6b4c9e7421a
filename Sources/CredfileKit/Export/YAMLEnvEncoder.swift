internal import CredfileYAML

/// `yaml`: a mapping of double-quoted names to double-quoted values, with YAML's own escapes.
///
/// JSON escaping is not YAML-safe (DEL is rejected, surrogate pairs are not combined, a raw
/// NEL is folded), and a plain scalar changes type (`yes`, `0123`, `~`), so everything is
/// quoted and every character outside YAML's printable set is escaped.
enum YAMLEnvEncoder: ExportEncoder {
    static let name = "yaml"
    static let summary = "one YAML mapping of double-quoted names and values"

    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        let text = variables.isEmpty ? "{}\n" : variables.map { "\(quoted($0.name)): \(quoted($0.value))\n" }.joined()
        try check(text, holds: variables.map { ($0.name, $0.value) }, for: variables, consumer: "a YAML parser")
        return ExportOutput(text: text)
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for c in string.unicodeScalars {
            switch c.value {
            case 0x22: out += #"\""#
            case 0x5C: out += #"\\"#
            case 0x07: out += #"\a"#
            case 0x08: out += #"\b"#
            case 0x09: out += #"\t"#
            case 0x0A: out += #"\n"#
            case 0x0B: out += #"\v"#
            case 0x0C: out += #"\f"#
            case 0x0D: out += #"\r"#
            case 0x1B: out += #"\e"#
            case 0x85: out += #"\N"#
            case 0x2028: out += #"\L"#
            case 0x2029: out += #"\P"#
            case 0x00...0x1F, 0x7F...0x9F: out += "\\x" + hex(c.value, 2)
            case 0xFEFF, 0xFFFE, 0xFFFF: out += "\\u" + hex(c.value, 4)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    private static func hex(_ n: UInt32, _ width: Int) -> String {
        let digits = String(n, radix: 16, uppercase: true)
        return String(repeating: "0", count: width - digits.count) + digits
    }

    /// Loads `text` with libyaml (the strict loader) and checks that its root mapping holds
    /// exactly `pairs`, as strings, in order; a mismatch names the first variable concerned.
    static func check(
        _ text: String, holds pairs: [(String, String)], for variables: [ExportVariable], consumer: String
    ) throws {
        var limits = YAMLLoadLimits()
        limits.maxBytes = max(limits.maxBytes, text.utf8.count)
        let entries = (try? YAMLLoader.load(Array(text.utf8), limits: limits))?.root.mapping ?? []
        for (index, pair) in pairs.enumerated() {
            let entry = index < entries.count ? entries[index] : nil
            guard let entry, entry.key == pair.0, let scalar = entry.value.scalar, scalar.style == .doubleQuoted,
                scalar.value.utf8.elementsEqual(pair.1.utf8)
            else {
                throw ExportRules.noRoundTrip(variables.first { $0.name == pair.0 } ?? variables[0], consumer)
            }
        }
        guard entries.count == pairs.count || (pairs.isEmpty && text == "{}\n") else {
            throw CredfileError(.cannotExport, "the YAML output would not read back unchanged")
        }
    }
}
