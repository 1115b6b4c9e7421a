/// Encodes variables for a job environment in one of the `ExportFormat`s.
///
/// Every format is written by one small type and read back, before anything is returned, by a
/// model of its consumer's parser (../shared/docs/export-formats.md): a value the consumer
/// would read differently is refused, naming the variable and never the value.
public enum Exporter {
    /// Encodes the variables in `format`. Before returning, checks in code that the output parses
    /// back (under a model of the consumer's parser) to exactly the same names and values; a value
    /// the format cannot carry, or any NUL or invalid name, throws `CredfileError(.cannotExport)`
    /// naming the variable.
    public static func encode(
        _ variables: [ExportVariable], as format: ExportFormat, options: ExportOptions = ExportOptions()
    ) throws -> ExportOutput {
        var random = SystemRandomNumberGenerator()
        return try encode(variables, as: format, options: options, random: &random)
    }

    /// As above, with the random source of GitHub's heredoc delimiters injected (golden tests).
    static func encode(
        _ variables: [ExportVariable], as format: ExportFormat, options: ExportOptions,
        random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        try EnvironmentNames.check(variables)
        return try format.encoder.encode(variables, options: options, random: &random)
    }
}

/// One name/value pair as a consumer reads it back.
///
/// Equal only when byte for byte equal: `String`'s `==` is canonical equivalence (`é` equals
/// `e` + U+0301), which would let a consumer that normalises pass the round-trip check.
struct EnvPair: Equatable, Sendable {
    var name: String
    var value: String

    static func == (a: EnvPair, b: EnvPair) -> Bool { a.name.utf8.elementsEqual(b.name.utf8) && a.value.utf8.elementsEqual(b.value.utf8) }
}

/// The wording of refusals, and the escaping two formats share (names: `EnvironmentNames`).
enum ExportRules {
    /// The body of a double-quoted value with backslash escapes for `\\ " \n \r \t`, which
    /// both python-dotenv and docker compose decode (a raw CR would be turned into LF by
    /// Python's universal-newline reading, so it is escaped too).
    static func backslashEscaped(_ value: String) -> String {
        var body = ""
        for c in value.unicodeScalars {
            switch c {
            case "\\": body += #"\\"#
            case "\"": body += #"\""#
            case "\n": body += #"\n"#
            case "\r": body += #"\r"#
            case "\t": body += #"\t"#
            default: body.unicodeScalars.append(c)
            }
        }
        return body
    }

    /// `NAME contains WHAT, which CONSUMER cannot carry`: names the variable, never the value.
    static func refusal(_ variable: ExportVariable, _ what: String, _ consumer: String) -> CredfileError {
        CredfileError(.cannotExport, "\(variable.name) contains \(what), which \(consumer) cannot carry")
    }

    /// The refusal when the consumer model reads an entry back differently.
    static func noRoundTrip(_ variable: ExportVariable, _ consumer: String) -> CredfileError {
        CredfileError(.cannotExport, "\(variable.name) would not read back unchanged under \(consumer)")
    }
}
