import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile decrypt FILE`: plaintext to standard output.
    struct Decrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decrypt",
            abstract: "Decrypt a credential file to standard output (nothing is written to disk).",
            discussion: """
                Verifies the MAC (exit 51 on mismatch). Identities are found as sops finds them, or \
                given with --identity. Exit 128 when no identity opens the file; the message lists \
                the file's recipients.

                Examples:
                  credfile decrypt credentials/smtp-prod.yaml
                  credfile decrypt --extract password credentials/smtp-prod.yaml
                  credfile decrypt smtp-prod                      # a NAME stands for its file
                """)

        @Argument(help: "The encrypted YAML file (or a credential's NAME for credentials/NAME.yaml).")
        var file: String

        @Option(help: ArgumentHelp("Print only this field (a.b or [\"a\"][\"b\"]).", valueName: "field"))
        var extract: String?

        @Flag(help: "Do not verify the MAC (to recover a file after a bad merge).")
        var ignoreMac = false

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            var operation = DecryptFile(file: URL(fileURLWithPath: try CredentialArgument.path(file)), keys: keys.keyRing)
            operation.extract = extract
            operation.verifyMAC = !ignoreMac
            let output = try operation.run()
            FileHandle.standardOutput.write(Data(output))
        }
    }
}
