import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile init`: make the current directory a credfile repository.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create credentials/, schemas/ (the built-in types) and .sops.yaml in the repository.",
            discussion: """
                Where: in a subdirectory of an existing credfile repository, that repository is \
                completed; inside a git repository without one, at git's top level; otherwise here. \
                --here always uses the current directory. It says where when that is not here, and \
                ends with the next steps.

                Idempotent: whatever exists is left as it is and reported; nothing is overwritten. The \
                .sops.yaml creation rule encrypts credentials/*.yaml to the --age recipients, or, when \
                none are given, to the identities sops would use here. With no identity at all, on a \
                terminal it offers to create one (~/.config/sops/age/keys.txt, mode 0600); otherwise \
                it fails (exit 111) and says how to make one. In a git repository, --merge also sets up \
                git's merge driver for credentials (as 'credfile hook install --merge'); without it, the \
                next steps offer it.

                Examples:
                  credfile init
                  credfile init --age age1… --age age1…
                  credfile -C infra/credentials init --here
                  credfile init --merge
                """)

        @Flag(help: "Initialise the current directory even below a git top level or an existing repository.")
        var here = false

        @Option(name: .customLong("age"), help: ArgumentHelp("An age recipient for .sops.yaml (repeatable).", valueName: "recipient"))
        var recipients: [String] = []

        @Flag(help: "Also set up git's merge driver for credentials (as 'credfile hook install --merge').")
        var merge = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let root = here ? current : Self.root(from: current)
            var operation = InitRepository(root: root, recipients: recipients)
            if operation.needsConfig && recipients.isEmpty {
                operation.recipients = try Self.defaultRecipients(output)
            }
            let report = try operation.run()
            for path in report.created { output.done("created \(path)") }
            for path in report.existing { output.done("exists  \(path) (left unchanged)") }
            if !recipients.isEmpty && report.existing.contains(".sops.yaml") {
                Printer.standardError.note("note: .sops.yaml exists, so the --age recipients were not added to it")
            }
            if merge {
                for line in try HookInstall(workingDirectory: root, executable: Hook.Install.executablePath()).installMergeDriver() {
                    output.done(line)
                }
            }
            guard !output.quiet else { return }
            Self.printNextSteps(inGit: (try? Git(directory: root).topLevel()) != nil, mergeMissing: HookInstall.mergeDriverMissing(in: root))
        }

        /// The directory to initialise, said on standard error when it is not the current one.
        static func root(from current: URL) -> URL {
            switch InitRepository.place(for: current) {
            case .here:
                return current
            case .existing(let root):
                Printer.standardError.note("note: completing the credfile repository at \(root.path) (--here to make a new one here)")
                return root
            case .gitTopLevel(let top):
                Printer.standardError.note("note: initialising at the git repository's top level \(top.path) (--here to use this directory)")
                return top
            }
        }

        /// What to do next; in git, the merge driver is offered until it is set up.
        static func printNextSteps(inGit: Bool, mergeMissing: Bool) {
            print("""

                next steps:
                  credfile schema list                 the credential types (schemas/ holds them)
                  credfile new NAME --type smtp        add a credential (asks for the fields)
                """)
            if inGit {
                print("""
                      credfile hook install --diff         validate every commit; masked 'git diff'
                    """)
                if mergeMissing {
                    print("  credfile hook install --merge        'git merge' merges credentials field by field")
                }
                print("  git add .sops.yaml schemas credentials && git commit")
            }
        }

        /// The recipients of the identities sops finds; with none, a new identity if the user
        /// agrees on a terminal.
        static func defaultRecipients(_ output: OutputOptions) throws -> [String] {
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
            output.done("created identity \(written) (mode 0600; back it up, it is the only key to your secrets)")
            output.done("recipient: \(recipient)")
            return [recipient]
        }
    }
}
