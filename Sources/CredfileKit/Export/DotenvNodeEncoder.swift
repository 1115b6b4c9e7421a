/// npm dotenv (17.x): `K='v'`, `` K=`v` `` or `K="v"`, the first quote character absent from
/// the value, verified with the parser model.
///
/// npm dotenv honours no escapes except `\n` and `\r` inside `"…"` (`\"` and `\\` stay as
/// written), and turns every CR into LF before parsing, so a CR survives only as `\r` in `"…"`.
enum DotenvNodeEncoder: EnvFileDialect {
    static let consumer = "npm dotenv"
    static let name = "dotenv-node"
    static let summary = "npm dotenv: K='v', K=`v` or K=\"v\", whichever quote reads back"

    static func entry(for variable: ExportVariable) throws -> String {
        let value = variable.value
        for quote: Unicode.Scalar in ["'", "`", "\""] where !value.containsScalar(quote) {
            let body = quote == "\"" ? value.replacingScalar("\r", with: #"\r"#) : value
            let entry = "\(variable.name)=\(quote)\(body)\(quote)\n"
            if parse(entry) == [EnvPair(name: variable.name, value: value)] { return entry }
        }
        if value.containsScalar("'") && value.containsScalar("`") && value.containsScalar("\"") {
            throw ExportRules.refusal(variable, "all three quote characters (' ` \")", consumer)
        }
        throw ExportRules.noRoundTrip(variable, consumer)
    }

    /// npm dotenv's `parse`: CRLF and CR become LF, then each match of its `LINE` pattern (see
    /// `DotenvNodeLine`) gives a key and a raw value, which is trimmed, loses one pair of
    /// surrounding quotes, and, when it started with `"`, has `\n` and `\r` expanded.
    static func parse(_ text: String) -> [EnvPair]? {
        let source = normalisedLineBreaks(text)
        var pairs: [EnvPair] = []
        var line = DotenvNodeLine(source)
        while let (name, raw) = line.next() {
            var value = DotenvNodeLine.trim(raw)
            let maybeQuote = value.first
            value = DotenvNodeLine.stripQuotes(value)
            if maybeQuote == "\"" {
                value = expandEscapes(value)
            }
            pairs.append(EnvPair(name: name, value: String(String.UnicodeScalarView(value))))
        }
        return pairs
    }

    /// `src.replace(/\r\n?/mg, '\n')`.
    private static func normalisedLineBreaks(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for c in text.unicodeScalars {
            if c == "\n", out.last == "\r" { out[out.count - 1] = "\n" } else { out.append(c == "\r" ? "\r" : c) }
        }
        return out.map { $0 == "\r" ? "\n" : $0 }
    }

    /// `.replace(/\\n/g, '\n')` then `.replace(/\\r/g, '\r')`, one pass each, left to right.
    private static func expandEscapes(_ value: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var v = value
        for (letter, replacement) in [("n", "\n"), ("r", "\r")] as [(Unicode.Scalar, Unicode.Scalar)] {
            var out: [Unicode.Scalar] = []
            var i = 0
            while i < v.count {
                if v[i] == "\\", i + 1 < v.count, v[i + 1] == letter {
                    out.append(replacement)
                    i += 2
                } else {
                    out.append(v[i])
                    i += 1
                }
            }
            v = out
        }
        return v
    }
}
