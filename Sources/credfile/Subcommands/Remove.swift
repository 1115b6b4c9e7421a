import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile rm NAME`: delete a credential.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Delete a credential's file.",
            discussion: """
                On a terminal it asks first, unless --yes. Without a terminal --yes is required \
                (exit 2 otherwise, and nothing is deleted). The deletion is an ordinary change for \
                git: commit it, and the credential stays in the history, readable to every key it \
                was encrypted for (a note says so) — revoke the secret at its provider.

                Examples:
                  credfile rm smtp-old
                  credfile rm smtp-old --yes
                """)

        @Argument(help: "The credential's name.", completion: Completions.names)
        var name: String

        @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
        var yes = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            let operation = RemoveCredential(name: name, repository: try CurrentRepository.discover())
            let file = try operation.target()
            if !yes {
                guard Prompt.isAvailable else {
                    throw CredfileError(
                        .usage, "refusing to delete \(file.displayPath) without confirmation", hints: ["pass --yes"])
                }
                guard try Prompt().confirm("delete \(file.displayPath)?") else {
                    Printer.standardError.note("nothing deleted")
                    throw ExitCode(ExitStatus.failure)
                }
            }
            output.done("deleted \(try operation.run())")
            // Deleting is not revoking (issue 16): every earlier commit still holds the file.
            Printer.standardError.note(
                "note: the credential stays in git history, readable to every key it was encrypted for; revoke the secret at its provider")
        }
    }
}
