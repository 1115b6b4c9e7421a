import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `check`'s results on standard output (an error that kept a credential from being checked
/// also goes to standard error, as every error does). Every text is escaped for the terminal;
/// none holds a secret (CheckReport's rule).
struct CheckOutput {
    var format: CheckFormat
    /// `--quiet`: no human summary line (the JSON summary is data and stays).
    var quiet = false

    func emit(_ entry: CheckRun.Entry) {
        if let error = entry.error { Printer.standardError.report(error) }
        switch format {
        case .human: write(human(entry))
        case .json: JSONLines.write(json(entry))
        case .github: write(github(entry))
        }
    }

    /// The totals: a line (human, github) or a last object (json).
    func summary(_ entries: [CheckRun.Entry]) {
        let count = { (outcome: CheckReport.Outcome) in entries.filter { $0.report?.outcome == outcome }.count }
        let errors = entries.filter { $0.error != nil }.count
        if format == .json {
            let totals = JSONText.sortedObject([
                ("works", .int(Int64(count(.works)))), ("fails", .int(Int64(count(.fails)))),
                ("not_checkable", .int(Int64(count(.notCheckable)))), ("errors", .int(Int64(errors))),
            ])
            JSONLines.write(JSONText.sortedObject([("summary", totals)]))
            return
        }
        guard !quiet else { return }
        var parts = ["\(count(.works)) work", "\(count(.fails)) fail"]
        if count(.notCheckable) > 0 { parts.append("\(count(.notCheckable)) not checkable") }
        if errors > 0 { parts.append("\(errors) could not be read") }
        write("checked \(entries.count): " + parts.joined(separator: ", "))
    }

    /// `NAME (type): works` and the facts, problem, hints and warnings indented below.
    private func human(_ entry: CheckRun.Entry) -> String {
        guard let report = entry.report else { return "\(entry.name): not checked (\(entry.error?.message ?? "error"))" }
        var lines: [String]
        switch report.outcome {
        case .works: lines = ["\(report.name) (\(report.type)): works"]
        case .notCheckable: lines = ["\(report.name) (\(report.type)): not checkable (no live check for this type)"]
        case .fails: lines = ["\(report.name) (\(report.type)): FAILS: \(report.problem ?? "unknown problem")"]
        }
        lines += report.facts.map { "  \($0)" }
        lines += report.hints.map { "  hint: \($0)" }
        lines += report.warnings.map { "  warning: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// One compact object, keys sorted.
    private func json(_ entry: CheckRun.Entry) -> JSONText {
        let list = { (items: [String]) in JSONText.array(items.map(JSONText.string)) }
        guard let report = entry.report else {
            return JSONText.sortedObject([
                ("name", .string(entry.name)), ("path", .string(entry.path)), ("outcome", .string("error")),
                ("problem", .string(entry.error?.message ?? "error")),
            ])
        }
        return JSONText.sortedObject([
            ("name", .string(report.name)), ("path", .string(entry.path)), ("type", .string(report.type)),
            ("outcome", .string(report.outcome.rawValue)), ("problem", .stringOrNull(report.problem)),
            ("facts", list(report.facts)), ("hints", list(report.hints)), ("warnings", list(report.warnings)),
        ])
    }

    /// A log line, plus `::error` / `::warning` workflow commands with the credential's file.
    private func github(_ entry: CheckRun.Entry) -> String {
        let title = "credfile check \(entry.name)"
        guard let report = entry.report else {
            return annotation("error", file: entry.path, title: title, entry.error?.message ?? "could not be checked")
        }
        var lines = [human(entry)]
        if report.outcome == .fails {
            let text = ([report.problem ?? "fails"] + report.hints.map { "hint: \($0)" }).joined(separator: "\n")
            lines.append(annotation("error", file: entry.path, title: title, text))
        }
        lines += report.warnings.map { annotation("warning", file: entry.path, title: title, $0) }
        return lines.joined(separator: "\n")
    }

    /// A workflow command: `%`, CR and LF escaped in the message; also `:` and `,` in properties.
    private func annotation(_ level: String, file: String, title: String, _ message: String) -> String {
        "::\(level) file=\(Self.property(file)),title=\(Self.property(title))::\(Self.data(message))"
    }

    static func data(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.escapedLines(text) + "\n").utf8))
    }
}

extension TerminalText {
    /// Each line escaped on its own (the line breaks between them are ours).
    static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
    }
}
