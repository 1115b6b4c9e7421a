import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile encrypt FILE`: encrypt a plaintext credential in place.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt",
            abstract: "Encrypt a plaintext credential file in place, in the sops format.",
            discussion: """
                Recipients and the selection rule come from the matching creation rule of .sops.yaml \
                (searched from the current directory upwards, as sops does), unless given here or, for \
                recipients, in SOPS_AGE_RECIPIENTS (comma-separated, as sops). Only \
                the selected values change; comments, key order and layout are kept.

                Examples:
                  credfile encrypt credentials/smtp-prod.yaml
                  credfile encrypt smtp-prod                      # a NAME stands for its file
                  credfile encrypt --age age1… --encrypted-regex '^(password)$' smtp.yaml
                  credfile encrypt --age "$(cat ~/.ssh/id_ed25519.pub)" smtp.yaml
                  credfile encrypt --kms arn:aws:kms:eu-west-1:111122223333:key/… --age age1… smtp.yaml
                """)

        @Argument(help: "The plaintext YAML file (or a credential's NAME for credentials/NAME.yaml).")
        var file: String

        @Option(
            name: .customLong("age"),
            help: ArgumentHelp(
                "An age recipient (age1…) or ssh public key (repeatable); replaces SOPS_AGE_RECIPIENTS; with --kms, replaces .sops.yaml's.",
                valueName: "recipient"))
        var recipients: [String] = []

        @Option(
            name: .customLong("kms"),
            help: ArgumentHelp("An AWS KMS key ARN, or ARN+ROLE_ARN (repeatable); with --age, replaces .sops.yaml's.", valueName: "arn"))
        var kms: [String] = []

        @Option(help: ArgumentHelp("The AWS shared-config profile for the --kms keys (sops's aws_profile).", valueName: "profile"))
        var awsProfile = ""

        @Option(help: ArgumentHelp("Encrypt the fields whose key matches this regex.", valueName: "regex"))
        var encryptedRegex: String?

        @Flag(help: "Compute the MAC over encrypted values only, so plain fields can be edited without a key.")
        var macOnlyEncrypted = false

        @Option(help: ArgumentHelp("Use this .sops.yaml instead of searching for one.", valueName: "file"))
        var config: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            let path = try CredentialArgument.path(file)
            var operation = EncryptFile(file: URL(fileURLWithPath: path), repository: try CurrentRepository.discover())
            operation.recipients = recipients
            operation.kms = kms
            operation.awsProfile = awsProfile
            operation.keys = KeyRing(discovery: IdentityDiscovery())
            operation.encryptedRegex = encryptedRegex
            operation.macOnlyEncrypted = macOnlyEncrypted
            operation.configFile = config.map { URL(fileURLWithPath: $0) }
            let settings = try operation.run()
            if settings.macOnlyEncrypted {
                Printer.standardError.note(
                    "credfile: warning: mac_only_encrypted: the MAC covers only the encrypted values, so anyone can change "
                        + "the plain fields (host, port, …) without the key; 'validate' will warn about this file")
            }
            output.done("encrypted \(path)")
        }
    }
}
