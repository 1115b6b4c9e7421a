import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whom `export --format flux` encrypts to. Each recipient option is one repeatable list here
/// and one field of `ExportRecipients`; the library decides between them and `.sops.yaml`.
struct RecipientOptions: ParsableArguments {
    @Option(
        name: .customLong("age"),
        help: ArgumentHelp("flux: an age recipient (repeatable); replaces .sops.yaml's rule for -o FILE.", valueName: "recipient"))
    var age: [String] = []

    @Option(
        name: .customLong("kms"),
        help: ArgumentHelp("flux: an AWS KMS key ARN, or ARN+ROLE_ARN (repeatable); with --age, replaces .sops.yaml's rule.", valueName: "arn"))
    var kms: [String] = []

    /// Whether any recipient option was given (they only make sense for flux).
    var isEmpty: Bool { recipients(output: nil).isEmpty }

    /// The options, and `-o FILE` whose creation rule applies when none is given.
    func recipients(output: String?) -> ExportRecipients {
        var recipients = ExportRecipients()
        recipients.age = age
        recipients.kms = kms
        recipients.keys = KeyRing(discovery: IdentityDiscovery())
        recipients.output = output.map { URL(fileURLWithPath: $0) }
        return recipients
    }
}
