import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `validate` found, in numbers: the last line of its human and JSON output.
struct ValidationSummary {
    var files: Int
    var errors: Int
    var warnings: Int

    /// `1 error, 0 warnings in 3 files`.
    var text: String {
        "\(Self.count(errors, "error")), \(Self.count(warnings, "warning")) in \(Self.count(files, "file"))"
    }

    /// `{"summary":{"errors":1,"files":3,"warnings":0}}`.
    var json: JSONText {
        .object([("summary", JSONText.sortedObject([
            ("files", .int(Int64(files))), ("errors", .int(Int64(errors))), ("warnings", .int(Int64(warnings))),
        ]))])
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// The output formats of diagnostics: `human` (compiler shape on stderr, colour on a TTY),
/// `json` (JSON Lines on stdout: one object per diagnostic, then the summary object) and
/// `github` (workflow commands on stdout, which GitHub turns into annotations on the pull
/// request).
enum DiagnosticFormat: String, CaseIterable, Sendable {
    case human, json, github

    /// `github` when running in GitHub Actions, else `human`.
    static var automatic: DiagnosticFormat {
        ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" ? .github : .human
    }

    /// The diagnostics; JSON ends with the summary (also when there is nothing to report,
    /// so a script always gets the counts). The human summary is the caller's (--quiet).
    func render(_ diagnostics: [Diagnostic], summary: ValidationSummary) {
        switch self {
        case .human:
            // A hint shared by many files (the missing identity) is said once, the first time.
            let once = HintsOnce()
            diagnostics.forEach { Printer.standardError.printWithHints($0, once: once) }
        case .json:
            diagnostics.forEach { JSONLines.write(Self.jsonValue($0)) }
            JSONLines.write(summary.json)
        case .github: diagnostics.forEach { Self.writeOut(Self.github($0)) }
        }
    }

    /// One JSON object (a line of `JSONLines`): path, line, column, severity, code, message,
    /// hints. `line` and `column` left out when the diagnostic has no position.
    static func jsonValue(_ d: Diagnostic) -> JSONText {
        var members: [(String, JSONText)] = [
            ("path", .string(d.path)), ("severity", .string(d.severity.rawValue)), ("code", .string(d.code)),
            ("message", .string(d.message)), ("hints", .array(d.hints.map(JSONText.string))),
        ]
        if let line = d.line { members.append(("line", .int(Int64(line)))) }
        if let column = d.column { members.append(("column", .int(Int64(column)))) }
        return JSONText.sortedObject(members)
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
