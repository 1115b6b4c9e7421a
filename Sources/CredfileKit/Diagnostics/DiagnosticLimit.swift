/// At most `perFile` diagnostics about one file, then one that counts the rest (issue 12):
/// 45,000 unknown keys made 7 MB of output, which buries the first finding and stalls a hook
/// or a CI log. The count is a diagnostic of its own (`diagnostics.truncated`), so JSON and
/// GitHub consumers see it too; its severity is the worst of those it stands for, so the exit
/// status and `--strict` do not change.
public enum DiagnosticLimit {
    /// How many diagnostics about one file are shown.
    public static let perFile = 100

    /// `diagnostics` in their order, each file's beyond the first `limit` replaced by one
    /// `diagnostics.truncated` after the last one kept.
    public static func apply(_ diagnostics: [Diagnostic], limit: Int = perFile) -> [Diagnostic] {
        var counts: [String: Int] = [:]
        var dropped: [String: (count: Int, worst: Diagnostic.Severity, after: Int)] = [:]
        var kept: [Diagnostic] = []
        for diagnostic in diagnostics {
            let n = counts[diagnostic.path, default: 0]
            counts[diagnostic.path] = n + 1
            if n < limit {
                kept.append(diagnostic)
                continue
            }
            let previous = dropped[diagnostic.path] ?? (0, .note, 0)
            let worst = rank(diagnostic.severity) > rank(previous.worst) ? diagnostic.severity : previous.worst
            dropped[diagnostic.path] = (previous.count + 1, worst, previous.count == 0 ? kept.count : previous.after)
        }
        guard !dropped.isEmpty else { return diagnostics }
        // Insert from the end so earlier indices stay valid.
        for (path, info) in dropped.sorted(by: { $0.value.after > $1.value.after }) {
            kept.insert(
                Diagnostic(
                    info.worst, code: .diagnosticsTruncated, "… and \(grouped(info.count)) more in this file", path: path,
                    hints: ["the first \(limit) are shown; fix them and run again"]),
                at: info.after)
        }
        return kept
    }

    private static func rank(_ severity: Diagnostic.Severity) -> Int {
        switch severity {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// `44900` → `44,900`, whatever the locale.
    static func grouped(_ n: Int) -> String {
        var digits = Array(String(n))
        var i = digits.count - 3
        while i > 0 {
            digits.insert(",", at: i)
            i -= 3
        }
        return String(digits)
    }
}
