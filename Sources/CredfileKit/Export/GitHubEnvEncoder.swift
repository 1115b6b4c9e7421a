/// GitHub Actions: `::add-mask::` commands for standard output, and heredoc entries for
/// `$GITHUB_ENV`, each with a fresh random delimiter (`ghadelimiter_<hex>`, as `@actions/core`
/// does) checked absent from the value, so no value can end its entry early.
enum GitHubEnvEncoder: ExportEncoder {
    static let consumer = "GitHub Actions $GITHUB_ENV"
    static let name = "github"
    static let summary = "GitHub Actions: ::add-mask:: lines on stdout, heredoc entries appended to $GITHUB_ENV"

    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        var env = ""
        for variable in variables {
            try checkName(variable)
            let entry = try entry(for: variable, random: &random)
            guard parse(entry) == [EnvPair(name: variable.name, value: variable.value)] else {
                throw ExportRules.noRoundTrip(variable, consumer)
            }
            env += entry
        }
        guard parse(env) == variables.map({ EnvPair(name: $0.name, value: $0.value) }) else {
            throw CredfileError(.cannotExport, "the $GITHUB_ENV entries would not read back unchanged")
        }
        return ExportOutput(text: masks(variables.filter(\.sensitive).map(\.value)), githubEnv: env)
    }

    /// The runner refuses to overwrite `GITHUB_*` and `RUNNER_*` and blocks `NODE_OPTIONS`;
    /// compared case-insensitively so that no spelling slips past a runner that folds case.
    private static func checkName(_ variable: ExportVariable) throws {
        let upper = variable.name.uppercased()
        if upper.hasPrefix("GITHUB_") || upper.hasPrefix("RUNNER_") || upper == "NODE_OPTIONS" {
            throw CredfileError(.cannotExport, "\(variable.name) is a name GitHub Actions reserves or blocks")
        }
    }

    private static func entry(for variable: ExportVariable, random: inout some RandomNumberGenerator) throws -> String {
        for _ in 0..<8 {
            let delimiter = "ghadelimiter_" + hex(UInt64.random(in: .min ... .max, using: &random))
                + hex(UInt64.random(in: .min ... .max, using: &random))
            if !variable.value.contains(delimiter) {
                // The value's own final newline, if any, becomes an empty line before the delimiter.
                return "\(variable.name)<<\(delimiter)\n\(variable.value)\n\(delimiter)\n"
            }
        }
        throw CredfileError(.cannotExport, "no heredoc delimiter absent from \(variable.name) was found")
    }

    private static func hex(_ n: UInt64) -> String {
        let digits = String(n, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `::add-mask::` for each non-blank sensitive value and, since the runner masks line by line,
    /// for each of its non-blank lines; `%`, CR and LF escaped as the runner unescapes them.
    static func masks(_ values: [String]) -> String {
        var seen = Set<String>()
        var out = ""
        for value in values {
            let lines = value.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init)
            for piece in [value] + lines where !piece.allSatisfy(\.isWhitespace) && seen.insert(piece).inserted {
                out += "::add-mask::\(escapeData(piece))\n"
            }
        }
        return out
    }

    /// Workflow-command data escaping: `%` first, so an escape is never escaped twice.
    static func escapeData(_ value: String) -> String {
        value.replacingScalar("%", with: "%25").replacingScalar("\r", with: "%0D").replacingScalar("\n", with: "%0A")
    }

    /// The runner's file-command parser (`SetEnvFileCommand`) on Linux: lines split at LF, empty
    /// lines skipped; the first `=` or `<<` decides the form; a heredoc value is the text between
    /// the header line and the first line equal to the delimiter, without the LF before it. An
    /// empty name or delimiter, or a missing delimiter line, fails the step: nil.
    static func parse(_ text: String) -> [EnvPair]? {
        var lines = text.linesSplitAtLF()[...]
        var pairs: [EnvPair] = []
        while let line = lines.popFirst() {
            if line.isEmpty { continue }
            // Ordinal (code point) search, as the runner's `IndexOf` is.
            let scalars = Array(line.unicodeScalars)
            let equals = scalars.firstIndex(of: "=")
            let heredoc = scalars.indices.first { scalars[$0] == "<" && $0 + 1 < scalars.count && scalars[$0 + 1] == "<" }
            func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
            if let equals, heredoc.map({ equals < $0 }) ?? true {
                guard equals > 0 else { return nil }
                pairs.append(EnvPair(name: text(0..<equals), value: text((equals + 1)..<scalars.count)))
            } else if let heredoc {
                let name = text(0..<heredoc), delimiter = text((heredoc + 2)..<scalars.count)
                guard !name.isEmpty, !delimiter.isEmpty, let end = lines.firstIndex(of: delimiter) else { return nil }
                pairs.append(EnvPair(name: name, value: lines[..<end].joined(separator: "\n")))
                lines = lines[(end + 1)...]
            } else {
                return nil
            }
        }
        return pairs
    }
}
