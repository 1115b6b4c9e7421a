/// What every process environment can hold, checked in one place for `credfile export`
/// (before any format writes a byte) and `credfile exec` (before execve): names
/// `[A-Za-z_][A-Za-z0-9_]*`, none of the variables no credential may set (`ForbiddenVariables`:
/// `PATH`, `BASH_ENV`, `LD_*` …), each name once, and values without NUL (environment variables
/// are C strings). Messages name the variable and its field, never the value.
public enum EnvironmentNames {
    /// Environment variable names as POSIX shells, docker, systemd and the CI runners accept them.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_") }
    }

    /// Why no credential may set `name` (a schema could name it, or a credential's name and a
    /// field could derive it): a short reason for messages, or nil when the name is ordinary.
    /// Compared ignoring ASCII case; the list and its reasons are in docs/schemas.md.
    public static func forbiddenReason(_ name: String) -> String? {
        ForbiddenVariables.reason(for: name)
    }

    /// `NAME, a variable no credential may set: REASON` — the variable, never a value.
    public static func forbiddenDescription(_ name: String, reason: String) -> String {
        "\(name), a variable no credential may set: \(reason)"
    }

    /// Names are valid, allowed and unique, and no value holds a NUL; the first problem, in
    /// variable order, throws `CredfileError(.cannotExport)`. Checked here, after the names are
    /// final, because `--prefix` and `--no-prefix` make names no schema or file shows.
    public static func check(_ variables: [ExportVariable]) throws {
        var seen: [String: ExportVariable] = [:]
        for variable in variables {
            guard isValid(variable.name) else {
                throw CredfileError(
                    .cannotExport,
                    "invalid variable name \(String(reflecting: variable.name)) for \(origin(variable)); "
                        + "a name is [A-Za-z_][A-Za-z0-9_]*")
            }
            if let reason = forbiddenReason(variable.name) {
                throw CredfileError(
                    .cannotExport, "\(variable.name) (\(origin(variable))) is a variable no credential may set: \(reason)",
                    hints: ["give the field another 'env:' in its schema, or use --prefix with another prefix"])
            }
            if let earlier = seen[variable.name] {
                throw CredfileError(
                    .cannotExport, "\(variable.name) is exported twice (\(origin(earlier)) and \(origin(variable)))")
            }
            seen[variable.name] = variable
            if variable.value.utf8.contains(0) {
                throw ExportRules.refusal(variable, "a NUL character", "an environment variable")
            }
        }
    }

    /// Two fields of the named credentials that map to one variable: a usage error (the fix is
    /// `--prefix`, `--fields` or fewer names), raised while the credentials are read.
    ///
    /// Worded differently from `check`'s "exported twice" because tests pin both messages:
    /// this one for the CLI (`smtp-prod.host`), that one for the library's `Exporter`.
    public static func checkCollisions(_ variables: [ExportVariable]) throws {
        var seen: [String: ExportVariable] = [:]
        for variable in variables {
            if let other = seen[variable.name] {
                throw CredfileError(
                    .usage,
                    "\(variable.name) would be set by both \(other.credential).\(other.field) and \(variable.credential).\(variable.field)")
            }
            seen[variable.name] = variable
        }
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
