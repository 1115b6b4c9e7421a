import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes diagnostics to standard error in the compiler shape, in colour only on a terminal
/// and never when `NO_COLOR` is set. It prints what a `CredfileError` says, which by
/// construction never contains a value.
///
/// Every line is escaped here (`TerminalText.escaped`): messages, hints, notes and paths carry
/// keys and file names a branch author chose, and an ESC, CR or BEL in them would drive the
/// terminal or forge lines of hook and CI output (issue 12). Colour is added after escaping.
struct Printer {
    let handle: FileHandle
    let colour: Bool

    static let standardError = Printer(
        handle: .standardError,
        colour: Terminal.isTerminal(.standardError) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)

    /// The error and its hints; with `once`, a hint already printed by this command (the same
    /// missing-identity hint for each of many files) is not printed again (issue 16).
    func report(_ error: CredfileError, once: HintsOnce? = nil) {
        if error.path == nil {
            write("credfile: \(paint("error:", 31)) \(safe(error.message)) [\(safe(error.code.rawValue))]")
        } else {
            print(error.diagnostic)
        }
        hints(error.hints, once: once)
    }

    /// A usage mistake caught by argument-parser, in the shape of every other error
    /// (`credfile: error: … [usage]`), then the command's usage and where its help is.
    func usageError(_ message: String, usage: [String], hints extra: [String] = []) {
        write("credfile: \(paint("error:", 31)) \(safe(message)) [\(DiagnosticCode.usage.rawValue)]")
        usage.forEach(note)
        hints(extra)
    }

    func print(_ diagnostic: Diagnostic) {
        let severity = paint("\(diagnostic.severity.rawValue):", diagnostic.severity == .error ? 31 : 33)
        write("\(safe(diagnostic.location)): \(severity) \(safe(diagnostic.message)) [\(safe(diagnostic.code))]")
    }

    /// A diagnostic and its `hint:` lines (where no renderer prints them); `once` as in `report`.
    func printWithHints(_ diagnostic: Diagnostic, once: HintsOnce? = nil) {
        print(diagnostic)
        hints(diagnostic.hints, once: once)
    }

    private func hints(_ hints: [String], once: HintsOnce? = nil) {
        for hint in hints where once?.isFirst(hint) ?? true { write("\(paint("hint:", 36)) \(safe(SelfCommand.rewrite(hint)))") }
    }

    /// A line of its own (a hint, a next step): suggested commands name this binary when
    /// `credfile` is not on PATH (`SelfCommand`).
    func note(_ text: String) { write(safe(SelfCommand.rewrite(text))) }

    private func safe(_ text: String) -> String { TerminalText.escaped(text) }

    private func paint(_ text: String, _ code: Int) -> String {
        colour ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : text
    }

    private func write(_ line: String) { handle.write(Data((line + "\n").utf8)) }
}

/// The hints a command over many files has printed: each is said the first time only, so
/// ten files no identity opens give ten error lines and one "no age identity found" hint.
final class HintsOnce {
    private var seen: Set<String> = []

    /// Whether `hint` is new (and now seen).
    func isFirst(_ hint: String) -> Bool { seen.insert(hint).inserted }
}
