/// npm dotenv (17.x): `K='v'`, `` K=`v` `` or `K="v"`, the first quote character absent from
/// the value, verified with the parser model.
///
/// npm dotenv honours no escapes except `\n` and `\r` inside `"…"` (`\"` and `\\` stay as
/// written), and turns every CR into LF before parsing, so a CR survives only as `\r` in `"…"`.
enum DotenvNodeEncoder: EnvFileDialect {
    static let consumer = "npm dotenv"

    static func entry(for variable: ExportVariable) throws -> String {
        let value = variable.value
        for quote in ["'", "`", "\""] where !value.contains(quote) {
            let body = quote == "\"" ? value.replacing("\r", with: #"\r"#) : value
            let entry = "\(variable.name)=\(quote)\(body)\(quote)\n"
            if parse(entry) == [EnvPair(name: variable.name, value: value)] { return entry }
        }
        if value.contains("'") && value.contains("`") && value.contains("\"") {
            throw ExportRules.refusal(variable, "all three quote characters (' ` \")", consumer)
        }
        throw ExportRules.noRoundTrip(variable, consumer)
    }

    /// npm dotenv's `parse`: CRLF and CR become LF, then each match of its `LINE` pattern (see
    /// `DotenvNodeLine`) gives a key and a raw value, which is trimmed, loses one pair of
    /// surrounding quotes, and, when it started with `"`, has `\n` and `\r` expanded.
    static func parse(_ text: String) -> [EnvPair]? {
        let source = Array(text.replacing("\r\n", with: "\n").replacing("\r", with: "\n").unicodeScalars)
        var pairs: [EnvPair] = []
        var line = DotenvNodeLine(source)
        while let (name, raw) = line.next() {
            var value = DotenvNodeLine.trim(raw)
            let maybeQuote = value.first
            value = DotenvNodeLine.stripQuotes(value)
            if maybeQuote == "\"" {
                value = Array(String(String.UnicodeScalarView(value))
                    .replacing(#"\n"#, with: "\n").replacing(#"\r"#, with: "\r").unicodeScalars)
            }
            pairs.append(EnvPair(name: name, value: String(String.UnicodeScalarView(value))))
        }
        return pairs
    }
}
