import ArgumentParser
import CredfileKit
import Foundation

/// The `credfile` root command: configuration only; each subcommand lives in its own file.
@main
struct CredfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credfile",
        abstract: "Integration credentials in git: SOPS-encrypted YAML, checked by schema.",
        discussion: "Exit codes: see 'credfile help exit-codes' or the README.",
        version: "0.1.0",
        subcommands: [Keygen.self, Encrypt.self, Decrypt.self, Validate.self, Schema.self, Hook.self, Textconv.self, Export.self, Exec.self, SetCommand.self, Unset.self, Edit.self, Recipients.self, Rotate.self]
    )

    /// Maps failures to the documented exit codes: library errors carry their own, argument
    /// mistakes are 2 (not argument-parser's 64), everything else goes through argument-parser.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CredfileError {
            Printer.standardError.report(error)
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCodes.usage)
            }
            exit(withError: error)
        }
    }
}
