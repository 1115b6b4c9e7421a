import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile init`: make the current directory a credfile repository.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create credentials/, schemas/ (the built-in types) and .sops.yaml here.",
            discussion: """
                Idempotent: whatever exists is left as it is and reported; nothing is overwritten. The \
                .sops.yaml creation rule encrypts credentials/*.yaml to the --age recipients, or, when \
                none are given, to the identities sops would use here. With no identity at all, on a \
                terminal it offers to create one (~/.config/sops/age/keys.txt, mode 0600); otherwise \
                it fails (exit 111) and says how to make one. In a git repository, --merge also sets up \
                git's merge driver for credentials (as 'credfile hook install --merge'); without it, init \
                offers that step in a note.

                Examples:
                  credfile init
                  credfile init --age age1… --age age1…
                  credfile init --merge
                """)

        @Option(name: .customLong("age"), help: ArgumentHelp("An age recipient for .sops.yaml (repeatable).", valueName: "recipient"))
        var recipients: [String] = []

        @Flag(help: "Also set up git's merge driver for credentials (as 'credfile hook install --merge').")
        var merge = false

        func run() throws {
            var operation = InitRepository(
                root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), recipients: recipients)
            if operation.needsConfig && recipients.isEmpty {
                operation.recipients = try Self.defaultRecipients()
            }
            let report = try operation.run()
            for path in report.created { print("created \(path)") }
            for path in report.existing { print("exists  \(path) (left unchanged)") }
            if !recipients.isEmpty && report.existing.contains(".sops.yaml") {
                Printer.standardError.note("note: .sops.yaml exists, so the --age recipients were not added to it")
            }
            try offerMergeDriver()
        }

        /// Sets up the merge driver with --merge; otherwise, in a git repository without it,
        /// says how (a merge of two branches' changes to one credential needs it).
        func offerMergeDriver() throws {
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            guard merge else {
                if HookInstall.mergeDriverMissing(in: here) {
                    Printer.standardError.note("note: to let 'git merge' merge credentials field by field: credfile hook install --merge")
                }
                return
            }
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
            for line in try HookInstall(workingDirectory: here, executable: executable).installMergeDriver() { print(line) }
        }

        /// The recipients of the identities sops finds; with none, a new identity if the user
        /// agrees on a terminal.
        static func defaultRecipients() throws -> [String] {
            let discovery = IdentityDiscovery()
            let found = InitRepository.recipients(of: discovery)
            guard found.isEmpty else { return found }
            let path = discovery.defaultKeyFile()
            guard Prompt.isAvailable, try Prompt().confirm("no age identity found; create one in \(path)?") else {
                throw CredfileError(
                    .noRecipients, "no recipients for .sops.yaml: none given and no age identity found",
                    hints: ["pass --age RECIPIENT, or create an identity: credfile keygen -o \(path)"])
            }
            let (recipient, written) = try InitRepository.createDefaultIdentity(discovery)
            print("created identity \(written) (mode 0600; back it up, it is the only key to your secrets)")
            print("recipient: \(recipient)")
            return [recipient]
        }
    }
}
