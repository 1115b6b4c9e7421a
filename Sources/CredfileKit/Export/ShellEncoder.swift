/// POSIX shell, for `eval "$(credfile export …)"` or `source` in bash and dash:
/// `export K='v'`, where `'…'` is fully literal and a `'` is written `'\''`.
enum ShellEncoder: EnvFileDialect {
    static let consumer = "a POSIX shell"
    static let name = "shell"
    static let summary = "POSIX shell: export K='v', for eval or source in bash and dash"

    static func entry(for variable: ExportVariable) throws -> String {
        "export \(variable.name)='\(variable.value.replacingScalar("'", with: #"'\''"#))'\n"
    }

    /// A model of POSIX word parsing restricted to what `entry` writes: `export NAME=` and a word
    /// of `'…'` strings and backslash-escaped characters, ended by an unquoted newline. Anything
    /// else (expansions, other quoting) is outside the model, so the file is rejected.
    static func parse(_ text: String) -> [EnvPair]? {
        var pairs: [EnvPair] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.hasPrefix("export "), let eq = rest.firstIndex(of: "=") else { return nil }
            let name = String(rest[rest.index(rest.startIndex, offsetBy: 7)..<eq])
            guard EnvironmentNames.isValid(name), let (value, after) = word(rest[rest.index(after: eq)...]) else {
                return nil
            }
            pairs.append(EnvPair(name: name, value: value))
            rest = after
        }
        return pairs
    }

    /// Reads one shell word up to and including the newline that ends the command.
    private static func word(_ text: Substring) -> (String, Substring)? {
        var value = ""
        var scalars = text.unicodeScalars[...]
        while let c = scalars.popFirst() {
            switch c {
            case "\n":
                return (value, Substring(scalars))
            case "'":
                guard let close = scalars.firstIndex(of: "'") else { return nil }
                value.unicodeScalars += scalars[..<close]
                scalars = scalars[scalars.index(after: close)...]
            case "\\":
                guard let escaped = scalars.popFirst(), escaped != "\n" else { return nil }
                value.unicodeScalars.append(escaped)
            default:
                return nil
            }
        }
        return nil
    }
}
