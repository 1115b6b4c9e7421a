import ArgumentParser
import CredfileKit
import Foundation

/// The `credfile` root command: configuration only; each subcommand lives in its own file.
@main
struct CredfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credfile",
        abstract: "Integration credentials in git: SOPS-encrypted YAML, checked by schema.",
        discussion: ExitStatus.helpText,
        version: "0.1.0",
        subcommands: [
            Init.self, Keygen.self, New.self, Show.self, List.self, SetCommand.self, Unset.self, Edit.self,
            Remove.self, Recipients.self, Rotate.self, Encrypt.self, Decrypt.self, Validate.self, Schema.self,
            Export.self, Exec.self, Hook.self, Textconv.self,
        ]
    )

    /// Maps failures to the documented exit codes: library errors by their kind (`ExitStatus`),
    /// argument mistakes are 2 (not argument-parser's 64), everything else goes through
    /// argument-parser.
    static func main() {
        do {
            var command = try parseAsRoot()
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
