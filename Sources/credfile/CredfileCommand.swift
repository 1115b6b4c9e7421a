import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The `credfile` root command: configuration only; each subcommand lives in its own file.
@main
struct CredfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credfile",
        abstract: "Integration credentials in git: SOPS-encrypted YAML, checked by schema.",
        discussion: ExitStatus.helpText + """


            -C DIR (before the subcommand, repeatable, as in git) runs credfile as if started in DIR: \
            the repository, its schemas and .sops.yaml are found from there, and relative paths are \
            taken from there.
            """,
        version: VersionText.text,
        subcommands: [
            Init.self, Keygen.self, New.self, Show.self, Get.self, List.self, SetCommand.self, Unset.self, Edit.self,
            Remove.self, Recipients.self, Rotate.self, Encrypt.self, Decrypt.self, Validate.self, Schema.self,
            Export.self, Exec.self, Check.self, SendMail.self, Hook.self, Textconv.self, MergeDriver.self,
        ]
    )

    /// Maps failures to the documented exit codes: library errors by their kind (`ExitStatus`),
    /// argument mistakes are 2 (not argument-parser's 64) in credfile's one error shape
    /// (`credfile: error: … [usage]`, not argument-parser's `Error: …`); help, version and
    /// `ExitCode`s go through argument-parser unchanged.
    static func main() {
        // Before anything reads a key: no core file, no ptrace (issue 12).
        CoreDumps.disable()
        do {
            let arguments = try GlobalDirectory.apply(Array(CommandLine.arguments.dropFirst()))
            try UnknownCommand.check(arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as CredfileError {
            Printer.standardError.report(error)
            Glibc.exit(ExitStatus(error.kind).rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                reportUsageError(error)
                Glibc.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }

    /// argument-parser's message, first letter lowered as credfile's messages are, then the
    /// usage line(s) of the command and the `--help` to read, from argument-parser's full text.
    static func reportUsageError(_ error: any Error) {
        var message = self.message(for: error)
        if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
            message = first.lowercased() + message.dropFirst()
        }
        let full = fullMessage(for: error, columns: nil).split(separator: "\n", omittingEmptySubsequences: false)
        // "Error: …", maybe "Help: …", then "Usage: …" and "  See 'credfile X --help' …".
        let usage = full.drop { !$0.hasPrefix("Usage:") }
        var lines = usage.filter { !$0.trimming { $0 == " " || $0 == "\t" }.hasPrefix("See '") && !$0.isEmpty }
            .map { String($0) }
        if let first = lines.first { lines[0] = "usage:" + first.dropFirst("Usage:".count) }
        let help = usage.first { $0.trimming { $0 == " " || $0 == "\t" }.hasPrefix("See '") }
            .flatMap { $0.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first }
        Printer.standardError.usageError(message, usage: lines, hints: help.map { ["see '\($0)'"] } ?? [])
    }
}

/// A mistyped subcommand (`credfile shwo`) said as such, with the nearest command, before
/// argument-parser would call it an "unexpected argument" (issue 16). Walks the words that
/// name commands (`recipients add`), stopping at the first option or at a command without
/// subcommands, whose arguments are its own.
enum UnknownCommand {
    static func check(_ arguments: [String]) throws {
        var path = ["credfile"]
        var subcommands = CredfileCommand.configuration.subcommands
        for word in arguments {
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return }
            // argument-parser's own `credfile help COMMAND`.
            if path.count == 1 && word == "help" { return }
            let names = subcommands.map { name(of: $0) }
            guard let index = subcommands.firstIndex(where: { matches($0, word) }) else {
                throw error(word, among: names, path: path.joined(separator: " "))
            }
            path.append(names[index])
            subcommands = subcommands[index].configuration.subcommands
        }
    }

    private static func name(of command: any ParsableCommand.Type) -> String { command._commandName }

    private static func matches(_ command: any ParsableCommand.Type, _ word: String) -> Bool {
        command._commandName == word || command.configuration.aliases.contains(word)
    }

    /// Only a word shaped like a command name (lowercase letters, digits, '-') is quoted back:
    /// anything else may be a value (a secret key) typed in the wrong place.
    static func error(_ word: String, among names: [String], path: String) -> CredfileError {
        let isName = word.count <= 32 && word.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        let hints = [isName ? Suggestion.hint(for: word, among: names) : nil, "see '\(path) --help'"].compactMap { $0 }
        return CredfileError(.usage, isName ? "unknown command '\(word)'" : "unknown command (not a command name)", hints: hints)
    }
}

/// The global `-C DIR` (git's option): leading `-C DIR` pairs are taken off the arguments and
/// the process changes into each DIR in turn (a relative one from the previous), so every
/// discovery and every relative PATH starts there, exactly as if credfile had been started in
/// DIR. Handled before argument-parser, which has no options that precede a subcommand.
enum GlobalDirectory {
    static func apply(_ arguments: [String]) throws -> [String] {
        var rest = arguments[...]
        while rest.first == "-C" {
            rest.removeFirst()
            guard let directory = rest.popFirst() else { throw CredfileError(.usage, "-C needs a directory") }
            // git: an empty path leaves the working directory as it is.
            if directory.isEmpty { continue }
            guard FileManager.default.changeCurrentDirectoryPath(directory) else {
                throw CredfileError(.usage, "cannot change to directory '\(directory.prefix(256))'")
            }
        }
        return Array(rest)
    }
}
