import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The output formats of diagnostics: `human` (compiler shape on stderr, colour on a TTY),
/// `json` (one object per line on stdout) and `github` (workflow commands on stdout, which
/// GitHub turns into annotations on the pull request).
enum DiagnosticFormat: String, CaseIterable, Sendable {
    case human, json, github

    /// `github` when running in GitHub Actions, else `human`.
    static var automatic: DiagnosticFormat {
        ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" ? .github : .human
    }

    func render(_ diagnostics: [Diagnostic]) {
        switch self {
        case .human: diagnostics.forEach(renderHuman)
        case .json: diagnostics.forEach { Self.writeOut(Self.json($0)) }
        case .github: diagnostics.forEach { Self.writeOut(Self.github($0)) }
        }
    }

    private func renderHuman(_ diagnostic: Diagnostic) {
        Printer.standardError.print(diagnostic)
        for hint in diagnostic.hints { Printer.standardError.note("hint: \(hint)") }
    }

    /// One JSON object: path, line, column, severity, code, message, hints.
    /// Keys sorted; `line` and `column` left out when the diagnostic has no position.
    static func json(_ d: Diagnostic) -> String {
        var members: [(String, JSONText)] = [
            ("path", .string(d.path)), ("severity", .string(d.severity.rawValue)), ("code", .string(d.code)),
            ("message", .string(d.message)), ("hints", .array(d.hints.map(JSONText.string))),
        ]
        if let line = d.line { members.append(("line", .int(Int64(line)))) }
        if let column = d.column { members.append(("column", .int(Int64(column)))) }
        return JSONText.sortedObject(members).compact()
    }

    /// `::error file=F,line=L,col=C,title=CODE::MESSAGE`, escaped as the runner requires.
    ///
    /// Controls are first written `\u{1B}` (`TerminalText.escaped`), as for humans: the runner
    /// shows the log to a browser and to terminals. Then the runner's own escapes: `%`, CR and
    /// LF in the message (hints are joined by an escaped LF), and also `:` and `,` in properties,
    /// so no key or file name can end an annotation or start a forged one.
    static func github(_ d: Diagnostic) -> String {
        let command = d.severity == .error ? "error" : (d.severity == .warning ? "warning" : "notice")
        var properties = ["file=\(escapeProperty(d.path))"]
        if let line = d.line, let column = d.column { properties += ["line=\(line)", "col=\(column)"] }
        properties.append("title=\(escapeProperty(d.code))")
        let message = ([d.message] + d.hints.map { "hint: \(SelfCommand.rewrite($0))" }).map(TerminalText.escaped).joined(separator: "\n")
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    static func escapeData(_ s: String) -> String {
        s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(TerminalText.escaped(s)).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }

    private static func writeOut(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}
