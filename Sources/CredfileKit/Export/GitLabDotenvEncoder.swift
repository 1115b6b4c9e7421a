/// GitLab `artifacts:reports:dotenv`: `KEY=VALUE` lines, read with `^(.*?)=(.*)$` and both
/// sides stripped. The report is a downloadable artifact, so sensitive fields are refused
/// unless the caller allows them.
enum GitLabDotenvEncoder: EnvFileDialect {
    static let consumer = "a GitLab dotenv report"
    static let name = "gitlab"
    static let summary = "GitLab artifacts:reports:dotenv (sensitive fields only with --allow-sensitive)"
    /// `Ci::ParseDotenvArtifactService`'s size limit.
    static let maxBytes = 5 * 1024

    /// Not the shared env-file `encode`: the report is refused for sensitive fields and capped
    /// in size before and after the common per-entry checks.
    static func encode(
        _ variables: [ExportVariable], options: ExportOptions, random: inout some RandomNumberGenerator
    ) throws -> ExportOutput {
        if !options.allowSensitive, let secret = variables.first(where: \.sensitive) {
            throw CredfileError(
                .cannotExport,
                "\(secret.name) is sensitive, and a GitLab dotenv report is a downloadable artifact",
                hints: ["allow it explicitly with --allow-sensitive, or use credfile exec in the job"])
        }
        let text = try EnvFile.encode(variables, as: Self.self)
        var size = 0
        for variable in variables {
            size += variable.name.utf8.count + variable.value.utf8.count + 2
            if size > maxBytes {
                throw CredfileError(
                    .cannotExport, "\(variable.name) does not fit in a GitLab dotenv report (5 KiB in all)")
            }
        }
        return ExportOutput(text: text)
    }

    static func entry(for variable: ExportVariable) throws -> String {
        let value = variable.value.unicodeScalars
        if value.contains(where: \.isLineBreak) {
            throw ExportRules.refusal(variable, "a line break", consumer)
        }
        // GitLab stores dotenv report variables as non-raw, and the runner expands `$NAME` and
        // `${NAME}` in non-raw values for the jobs that receive them, so `pa$CI_JOB_TOKEN` arrives
        // as another value (gitlab-org/gitlab#17069, #16442; raw variables, epic gitlab-org&1994,
        // exist only as `expand: false` in .gitlab-ci.yml and in the CI/CD settings, never in a
        // report). `$$` is an undocumented workaround for settings variables that is reported not
        // to hold everywhere (#353991), and the report format has no escape of its own
        // (`Ci::ParseDotenvArtifactService` keeps the value verbatim). So: refused.
        if value.contains("$") {
            throw CredfileError(
                .cannotExport,
                "\(variable.name) contains a dollar sign, which GitLab would expand as a variable reference in the jobs that read the report",
                hints: ["use credfile exec in the job instead"])
        }
        if let first = value.first, let last = value.last, isStripped(first) || isStripped(last) {
            throw ExportRules.refusal(variable, "leading or trailing white space", consumer)
        }
        return "\(variable.name)=\(variable.value)\n"
    }

    /// `blob.each_line`, `line.scan(/^(.*?)=(.*)$/).last`, `strip` on both sides; a line that
    /// does not match (including a blank one) makes the report invalid: nil. Keys must be
    /// ASCII letters, digits and `_`.
    static func parse(_ text: String) -> [EnvPair]? {
        let lines = text.linesSplitAtLF()
        var pairs: [EnvPair] = []
        for line in lines {
            let scalars = line.unicodeScalars
            guard let eq = scalars.firstIndex(of: "=") else { return nil }
            let key = strip(scalars[..<eq]), value = strip(scalars[scalars.index(after: eq)...])
            guard !key.isEmpty, key.unicodeScalars.allSatisfy(isKeyChar) else { return nil }
            pairs.append(EnvPair(name: key, value: value))
        }
        return pairs
    }

    private static func isKeyChar(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_")
    }

    /// Ruby's `String#strip` set: NUL, HT, LF, VT, FF, CR and space.
    private static func isStripped(_ c: Unicode.Scalar) -> Bool {
        c == "\0" || c == " " || (c.value >= 0x09 && c.value <= 0x0D)
    }

    private static func strip(_ s: Substring.UnicodeScalarView) -> String {
        String(String.UnicodeScalarView(s.drop(while: isStripped).reversed().drop(while: isStripped).reversed()))
    }
}
