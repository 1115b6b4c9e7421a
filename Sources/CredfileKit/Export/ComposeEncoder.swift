/// docker compose `env_file`: `K='v'` when that reads back, else `K="v"` with escapes.
///
/// compose interpolates `$` in unquoted and double-quoted values. Its `$$` escape is not
/// confirmed for `env_file` by our measurements (export-formats.md), so a value that needs
/// double quotes and contains `$` is refused rather than guessed at.
enum ComposeEncoder: EnvFileDialect {
    static let consumer = "docker compose env_file"
    static let name = "compose"
    static let summary = "docker compose env_file"

    static func entry(for variable: ExportVariable) throws -> String {
        let value = variable.value
        let expected = [EnvPair(name: variable.name, value: value)]
        let single = "\(variable.name)='\(value)'\n"
        if parse(single) == expected { return single }
        if value.unicodeScalars.last == "\\" {
            // Both quote styles end `\'` / `\\"`, and compose takes a quote after a backslash
            // for an escaped one.
            throw ExportRules.refusal(variable, "a trailing backslash", consumer)
        }
        if value.containsScalar("$") {
            throw ExportRules.refusal(variable, "'$' together with a single quote or carriage return", consumer)
        }
        let double = "\(variable.name)=\"\(escaped(value))\"\n"
        if parse(double) == expected { return double }
        throw ExportRules.noRoundTrip(variable, consumer)
    }

    private static func escaped(_ value: String) -> String { ExportRules.backslashEscaped(value) }

    /// A model of compose-go's dotenv parser for quoted entries: a quoted value ends at the
    /// first matching quote not preceded by a backslash; `'…'` is literal except `\'`; `"…"`
    /// expands `\n \r \t \\ \" \'` and interpolates `$` (nil: depends on the environment).
    /// A raw CR anywhere is outside the model (line endings may be normalised): nil.
    static func parse(_ text: String) -> [EnvPair]? {
        if text.containsScalar("\r") { return nil }
        var pairs: [EnvPair] = []
        var s = Array(text.unicodeScalars)[...]
        while !s.isEmpty {
            guard let eq = s.firstIndex(of: "="), eq + 1 < s.endIndex else { return nil }
            let quote = s[eq + 1]
            guard quote == "'" || quote == "\"" else { return nil }
            var close = eq + 2
            while close < s.endIndex, s[close] != quote || s[close - 1] == "\\" { close += 1 }
            guard close + 1 < s.endIndex, s[close + 1] == "\n" else { return nil }
            let body = String(String.UnicodeScalarView(s[(eq + 2)..<close]))
            guard let value = quote == "'" ? unescapeSingle(body) : expand(body) else { return nil }
            pairs.append(EnvPair(name: String(String.UnicodeScalarView(s[..<eq])), value: value))
            s = s[(close + 2)...]
        }
        return pairs
    }

    /// `\'` becomes `'`.
    private static func unescapeSingle(_ body: String) -> String {
        var out = String.UnicodeScalarView()
        for c in body.unicodeScalars {
            if c == "'", out.last == "\\" { out.removeLast() }
            out.append(c)
        }
        return String(out)
    }

    private static func expand(_ body: String) -> String? {
        if body.containsScalar("$") { return nil }
        var out = String.UnicodeScalarView()
        var it = body.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "\\", let next = it.next() else {
                out.append(c)
                continue
            }
            switch next {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "\\", "\"", "'": out.append(next)
            default: out.append(c); out.append(next)
            }
        }
        return String(out)
    }
}
