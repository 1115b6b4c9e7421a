/// `docker run --env-file`: `K=v` raw. docker/cli 28 passes the value through verbatim (no
/// unquoting, no trimming, inline `#` kept), so the things it cannot carry are a line break
/// and a CR at the end of the value (its line scanner drops a trailing CR). Later releases
/// remove one pair of the same quote (`'` or `"`) at both ends of a value, and no escape
/// exists, so such a value is refused: it would read back differently by release.
enum DockerEnvFileEncoder: EnvFileDialect {
    static let consumer = "docker --env-file"
    static let name = "docker"
    static let summary = "docker run --env-file: K=v, verbatim"
    /// Go's `bufio.Scanner` fails on a line longer than its 64 KiB buffer.
    static let maxLineBytes = 64 * 1024

    static func entry(for variable: ExportVariable) throws -> String {
        let value = variable.value
        if value.containsScalar("\n") {
            throw ExportRules.refusal(variable, "a newline", consumer)
        }
        if value.unicodeScalars.last == "\r" {
            throw ExportRules.refusal(variable, "a trailing carriage return", consumer)
        }
        let scalars = value.unicodeScalars
        if scalars.count >= 2, let first = scalars.first, first == "'" || first == "\"", scalars.last == first {
            throw ExportRules.refusal(variable, "the same quote character at both ends (newer docker releases remove them)", consumer)
        }
        let entry = "\(variable.name)=\(value)\n"
        if entry.utf8.count > maxLineBytes {
            throw CredfileError(.cannotExport, "\(variable.name) is too long for \(consumer) (a line is at most 64 KiB)")
        }
        return entry
    }

    /// docker/cli `parseKeyValueFile`: lines split at LF with one trailing CR dropped (Go's
    /// `bufio.ScanLines`), a BOM dropped from the first, leading white space trimmed, blank and
    /// `#` lines skipped, then split at the first `=`; a name with white space or an empty name is
    /// an error, and a line without `=` takes the value from the caller's environment (nil here).
    static func parse(_ text: String) -> [EnvPair]? {
        let lines = text.linesSplitAtLF()
        var pairs: [EnvPair] = []
        for (index, raw) in lines.enumerated() {
            guard raw.utf8.count + 1 <= maxLineBytes else { return nil }
            var line = Substring(raw.unicodeScalars.last == "\r" ? String(raw.unicodeScalars.dropLast()) : raw)
            if index == 0, line.unicodeScalars.first == "\u{FEFF}" { line = Substring(line.unicodeScalars.dropFirst()) }
            line = Substring(line.unicodeScalars.drop { $0.properties.isWhitespace })
            if line.isEmpty || line.unicodeScalars.first == "#" { continue }
            let scalars = line.unicodeScalars
            guard let eq = scalars.firstIndex(of: "=") else { return nil }
            let name = scalars[..<eq].drop { $0 == " " || $0 == "\t" }
            if name.isEmpty || name.contains(where: { $0 == " " || $0 == "\t" }) { return nil }
            pairs.append(EnvPair(name: String(name), value: String(scalars[scalars.index(after: eq)...])))
        }
        return pairs
    }
}
