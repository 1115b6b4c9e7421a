import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile keygen`: a new age identity.
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Generate a new age identity (compatible with age-keygen, age and sops).",
            discussion: """
                With -o, writes the key file (mode 0600, never overwriting) and prints the public \
                recipient on standard output. Without -o, prints the key file on standard output and \
                the recipient on standard error, as age-keygen does.

                Examples:
                  credfile keygen -o ~/.config/sops/age/keys.txt
                  credfile keygen > key.txt
                """)

        @Option(name: .shortAndLong, help: ArgumentHelp("Write the identity to this new file.", valueName: "file"))
        var output: String?

        @OptionGroup var outputOptions: OutputOptions

        func run() throws {
            if let output {
                let url = URL(fileURLWithPath: output)
                try CurrentRepository.refuseLinkedDirectory(on: url)
                let recipient = try CredfileKit.Keygen.write(to: url)
                Swift.print(recipient)
                return
            }
            let (recipient, text) = try CredfileKit.Keygen.generate()
            FileHandle.standardOutput.write(Data(text.utf8))
            Printer.standardError.note("Public key: \(recipient)")
        }
    }
}
