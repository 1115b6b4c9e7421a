/// python-dotenv (1.2.x): `K="v"` with `\\ \" \n \r \t` escapes.
///
/// python-dotenv interpolates `${VAR}` in every quote style and has no escape for it, so a
/// value containing `${` is refused rather than silently rewritten.
enum DotenvPythonEncoder: EnvFileDialect {
    static let consumer = "python-dotenv"
    static let name = "dotenv"
    static let summary = "python-dotenv: K=\"v\" with backslash escapes"

    static func entry(for variable: ExportVariable) throws -> String {
        if variable.value.unicodeScalars.last == "\\" {
            // `"…\\"`: python-dotenv's value pattern takes `\\"` for an escaped quote and runs on.
            throw ExportRules.refusal(variable, "a trailing backslash", "python-dotenv")
        }
        if dollarBrace(in: variable.value) != nil {
            throw ExportRules.refusal(variable, "'${'", "python-dotenv (it interpolates in every quote style)")
        }
        let body = ExportRules.backslashEscaped(variable.value)
        return "\(variable.name)=\"\(body)\"\n"
    }

    /// A model of python-dotenv's parser for double-quoted entries. The value is one `re.match`
    /// of `"((?:\\"|[^"])*)"`: greedy, so it closes at the first `"` not preceded by a backslash
    /// (even an escaped one: `"a\\"` does not close) or, failing that, at the last `"` of the
    /// file; the rest of the line must then be blank. Escapes `\\[\\'"abfnrtv]` are decoded left to
    /// right and other backslashes stay. A value that would be interpolated (`${…}`) depends on the
    /// environment: nil.
    static func parse(_ text: String) -> [EnvPair]? {
        var pairs: [EnvPair] = []
        var s = Array(text.unicodeScalars)[...]
        while !s.isEmpty {
            guard let eq = s.firstIndex(of: "="), eq + 1 < s.endIndex, s[eq + 1] == "\"" else { return nil }
            let name = String(String.UnicodeScalarView(s[..<eq]))
            let open = eq + 1
            guard let close = closingQuote(s, after: open), s[(close + 1)...].first == "\n" else { return nil }
            let value = decode(s[(open + 1)..<close])
            if interpolates(value) { return nil }
            pairs.append(EnvPair(name: name, value: value))
            s = s[(close + 2)...]
        }
        return pairs
    }

    private static func closingQuote(_ s: ArraySlice<Unicode.Scalar>, after open: Int) -> Int? {
        var i = open + 1
        while i < s.endIndex {
            if s[i] == "\"" && s[i - 1] != "\\" { return i }
            i += 1
        }
        return s[(open + 1)...].lastIndex(of: "\"")
    }

    private static func decode(_ body: ArraySlice<Unicode.Scalar>) -> String {
        var value = String.UnicodeScalarView()
        var i = body.startIndex
        while i < body.endIndex {
            if body[i] == "\\", i + 1 < body.endIndex, let decoded = escape(body[i + 1]) {
                value.append(decoded)
                i += 2
            } else {
                value.append(body[i])
                i += 1
            }
        }
        return String(value)
    }

    private static func escape(_ c: Unicode.Scalar) -> Unicode.Scalar? {
        switch c {
        case "\\", "'", "\"": c
        case "a": "\u{07}"
        case "b": "\u{08}"
        case "f": "\u{0C}"
        case "n": "\n"
        case "r": "\r"
        case "t": "\t"
        case "v": "\u{0B}"
        default: nil
        }
    }

    /// python-dotenv's `\$\{(?P<name>[^\}:]*)(?::-(?P<default>[^\}]*))?\}`: any `${` that is
    /// later closed by `}` is replaced.
    /// Where `${` starts, compared code point by code point (as Python's `re` does).
    private static func dollarBrace(in value: String) -> String.UnicodeScalarView.Index? {
        let s = value.unicodeScalars
        return s.indices.first { s[$0] == "$" && s.index(after: $0) < s.endIndex && s[s.index(after: $0)] == "{" }
    }

    private static func interpolates(_ value: String) -> Bool {
        guard let open = dollarBrace(in: value) else { return false }
        return value.unicodeScalars[open...].contains("}")
    }
}
