import ArgumentParser
import CredfileKit
import Foundation

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
        version: "0.1.0",
        subcommands: [
            Init.self, Keygen.self, New.self, Show.self, Get.self, List.self, SetCommand.self, Unset.self, Edit.self,
            Remove.self, Recipients.self, Rotate.self, Encrypt.self, Decrypt.self, Validate.self, Schema.self,
            Export.self, Exec.self, Check.self, SendMail.self, Hook.self, Textconv.self, MergeDriver.self,
        ]
    )

    /// Maps failures to the documented exit codes: library errors by their kind (`ExitStatus`),
    /// argument mistakes are 2 (not argument-parser's 64), everything else goes through
    /// argument-parser.
    static func main() {
        // Before anything reads a key: no core file, no ptrace (issue 12).
        CoreDumps.disable()
        do {
            var command = try parseAsRoot(try GlobalDirectory.apply(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let error as CredfileError {
            Printer.standardError.report(error)
            Foundation.exit(ExitStatus(error.kind).rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
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
