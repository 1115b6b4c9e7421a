/// A line-oriented env-file dialect: one entry per variable, and a model of the consumer's
/// parser that reads a whole file back into name/value pairs. Six formats share this shape,
/// so a dialect supplies only its entry and its parser model and inherits `encode`.
protocol EnvFileDialect: ExportEncoder {
    /// How messages name the consumer, e.g. `docker --env-file`.
    static var consumer: String { get }
    /// The entry for one variable, ending in a line break; throws a refusal naming it.
    static func entry(for variable: ExportVariable) throws -> String
    /// The consumer's reading of `text`, in file order; nil when it would reject the file or
    /// when the result depends on something outside the file (interpolation, the caller's env).
    static func parse(_ text: String) -> [EnvPair]?
}

extension EnvFileDialect {
    /// The file of entries, checked with the parser model; no option or randomness applies.
    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        ExportOutput(text: try EnvFile.encode(variables, as: Self.self))
    }
}

/// Writes env files and checks them with the dialect's parser model.
enum EnvFile {
    /// Each entry is checked on its own (so a failure names its variable), then the whole file
    /// (so entries cannot interact, e.g. a quote that swallows the next line).
    static func encode<D: EnvFileDialect>(_ variables: [ExportVariable], as dialect: D.Type) throws -> String {
        var text = ""
        for variable in variables {
            let entry = try D.entry(for: variable)
            guard D.parse(entry) == [EnvPair(name: variable.name, value: variable.value)] else {
                throw ExportRules.noRoundTrip(variable, D.consumer)
            }
            text += entry
        }
        let expected = variables.map { EnvPair(name: $0.name, value: $0.value) }
        if let read = D.parse(text), read == expected { return text }
        let read = D.parse(text) ?? []
        let culprit = zip(variables, read).first { $0.0.name != $0.1.name || $0.0.value != $0.1.value }?.0
        throw ExportRules.noRoundTrip(culprit ?? variables[variables.count - 1], D.consumer)
    }
}

extension Unicode.Scalar {
    /// LF or CR.
    var isLineBreak: Bool { self == "\n" || self == "\r" }
}

/// Scalar-level string helpers. `String`'s own `contains`, `replacing` and `split` compare
/// `Character`s, so they miss a quote followed by a combining mark (`'\u{301}` is one
/// character) or the LF of a CRLF, which parsers see as separate code points.
extension String {
    func containsScalar(_ scalar: Unicode.Scalar) -> Bool { unicodeScalars.contains(scalar) }

    func replacingScalar(_ scalar: Unicode.Scalar, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        for c in unicodeScalars {
            if c == scalar { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(c) }
        }
        return String(out)
    }

    /// The lines between LFs (a final LF ends the last line, it does not start an empty one).
    func linesSplitAtLF() -> [String] {
        var lines = unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
