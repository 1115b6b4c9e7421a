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
        try ExportRules.checkCommon(variables)
        switch format {
        case .shell: return ExportOutput(text: try EnvFile.encode(variables, as: ShellEncoder.self))
        case .dotenv: return ExportOutput(text: try EnvFile.encode(variables, as: DotenvPythonEncoder.self))
        case .dotenvNode: return ExportOutput(text: try EnvFile.encode(variables, as: DotenvNodeEncoder.self))
        case .docker: return ExportOutput(text: try EnvFile.encode(variables, as: DockerEnvFileEncoder.self))
        case .compose: return ExportOutput(text: try EnvFile.encode(variables, as: ComposeEncoder.self))
        case .systemd: return ExportOutput(text: try EnvFile.encode(variables, as: SystemdEncoder.self))
        case .github: return try GitHubEnvEncoder.encode(variables, random: &random)
        case .gitlab: return ExportOutput(text: try GitLabDotenvEncoder.encode(variables, options: options))
        case .json: return ExportOutput(text: try JSONEnvEncoder.encode(variables))
        case .yaml: return ExportOutput(text: try YAMLEnvEncoder.encode(variables))
        case .k8s: return ExportOutput(text: try KubernetesSecretEncoder.encode(variables, options: options))
        }
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

/// The checks every format shares, and the wording of refusals.
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

    /// Environment variable names as POSIX shells, docker, systemd and the CI runners accept them.
    static func isEnvName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_") }
    }

    /// Names are valid and unique, and no value holds a NUL: environment variables are C strings.
    static func checkCommon(_ variables: [ExportVariable]) throws {
        var seen: [String: ExportVariable] = [:]
        for variable in variables {
            guard isEnvName(variable.name) else {
                throw CredfileError(
                    .cannotExport,
                    "invalid variable name \(String(reflecting: variable.name)) for \(origin(variable)); "
                        + "a name is [A-Za-z_][A-Za-z0-9_]*")
            }
            if let earlier = seen[variable.name] {
                throw CredfileError(
                    .cannotExport, "\(variable.name) is exported twice (\(origin(earlier)) and \(origin(variable)))")
            }
            seen[variable.name] = variable
            if variable.value.utf8.contains(0) {
                throw refusal(variable, "a NUL character", "an environment variable")
            }
        }
    }

    /// `NAME contains WHAT, which CONSUMER cannot carry`: names the variable, never the value.
    static func refusal(_ variable: ExportVariable, _ what: String, _ consumer: String) -> CredfileError {
        CredfileError(.cannotExport, "\(variable.name) contains \(what), which \(consumer) cannot carry")
    }

    /// The refusal when the consumer model reads an entry back differently.
    static func noRoundTrip(_ variable: ExportVariable, _ consumer: String) -> CredfileError {
        CredfileError(.cannotExport, "\(variable.name) would not read back unchanged under \(consumer)")
    }

    /// `smtp-prod field 'password'`.
    static func origin(_ variable: ExportVariable) -> String {
        "\(variable.credential) field '\(variable.field)'"
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }
}
