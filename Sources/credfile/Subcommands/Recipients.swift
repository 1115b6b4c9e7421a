import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile recipients list|add|rm`.
    struct Recipients: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recipients",
            abstract: "List, add or remove recipients (age, ssh or AWS KMS): who can open which credentials.",
            discussion: """
                Like 'sops updatekeys': the data key of each credential is wrapped again for the new \
                set of recipients; values, mac and lastmodified do not change. Without NAME every \
                credential changes, and so does the age (or kms) list of .sops.yaml's creation rule \
                for credentials/ (comments kept); with NAME only those credentials. A recipient is an \
                age recipient (age1…), an ssh public key, or an AWS KMS key ARN (ARN+ROLE_ARN to \
                assume a role; --kms ARN says the same), used with the AWS credentials of the \
                environment. Files are re-wrapped in parallel; one that cannot be is reported and left \
                as it was, the others change, and .sops.yaml changes only when every file did (run the \
                command again after fixing it). On a terminal a progress line counts the files.

                .sops.yaml lists recipients one a line ('- age1…'); a comma-separated 'age:' is \
                converted when a change touches it. --label writes a comment beside the recipient \
                ('- age1…  # alice laptop'), which 'recipients list' shows and every rewrite keeps.

                Removing a recipient does not take back what they could read: the command names \
                those credentials; the removed key still decrypts every earlier version in git \
                history, so change those secrets at their providers, then 'credfile rotate'.

                Examples:
                  credfile recipients list
                  credfile recipients add age1… --label "alice laptop"
                  credfile recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  credfile recipients rm age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  credfile recipients add age1… smtp-prod
                  credfile recipients add --kms arn:aws:kms:eu-west-1:111122223333:key/1234abcd-…
                """,
            subcommands: [List.self, Add.self, Remove.self])

        /// The arguments both subcommands take.
        struct Arguments: ParsableArguments {
            @Argument(
                help: ArgumentHelp(
                    "The recipient (age1…, an ssh public key, or a KMS key ARN; omitted with --kms), then credential names (default: all, and .sops.yaml).",
                    valueName: "recipient> <name"))
            var positionals: [String] = []

            @Option(name: .customLong("kms"), help: ArgumentHelp("An AWS KMS key ARN, or ARN+ROLE_ARN, as the recipient.", valueName: "arn"))
            var kms: String?

            @OptionGroup var keys: KeyOptions

            @OptionGroup var output: OutputOptions

            /// The recipient: `--kms`, else the first positional argument.
            var recipient: String? { kms ?? positionals.first }

            /// The credential names after the recipient.
            var names: [String] { kms == nil ? Array(positionals.dropFirst()) : positionals }

            func validate() throws {
                guard recipient != nil else { throw ValidationError("give a recipient: age1…, an ssh public key, or --kms ARN") }
            }

            func run(_ action: RecipientsChange.Action, label: String? = nil) throws -> RecipientsChange.Report {
                let update = try CurrentRepository.update(keys: keys)
                var change = try RecipientsChange(action: action, recipient: recipient ?? "", names: names, update: update)
                change.label = try label.flatMap(RecipientLabel.validated)
                if change.label != nil && !names.isEmpty {
                    Printer.standardError.note("note: labels live in .sops.yaml, which changes only without NAME; --label was not stored")
                }
                let line = ProgressLine.onTerminal("re-wrapping")
                change.progress = line?.report
                let report = try change.run()
                line?.clear()
                for file in report.changed { output.done("re-wrapped \(file)") }
                if let config = report.config { output.done("updated \(config)") }
                return report
            }
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Give a recipient access to the credentials.",
                discussion: """
                    Examples:
                      credfile recipients add age1… --label "alice laptop"
                      credfile recipients add "$(cat ~/.ssh/id_ed25519.pub)" smtp-prod
                    """)

            @OptionGroup var arguments: Arguments

            @Option(help: ArgumentHelp(
                "A label written beside the recipient in .sops.yaml as a comment (also relabels one already there).", valueName: "text"))
            var label: String?

            func run() throws { try FileFailures.report(try arguments.run(.add, label: label).failures) }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rm", abstract: "Take a recipient's access away (then run 'credfile rotate').",
                discussion: """
                    Names the credentials the removed key could read. That key still decrypts every \
                    earlier version of them in git history, so change those secrets at their \
                    providers, store the new values (credfile set NAME FIELD --prompt), then rotate.

                    Examples:
                      credfile recipients rm age1…
                      credfile recipients rm age1… smtp-prod
                    """)

            @OptionGroup var arguments: Arguments

            func run() throws {
                let report = try arguments.run(.remove)
                Self.warnAboutHistory(readable: report.changed.map(Self.name(ofPath:)))
                try FileFailures.report(report.failures)
            }

            /// What removing a recipient does not undo (issue 16): they could read these
            /// credentials, and still can in every earlier commit. Names only, never a value.
            static func warnAboutHistory(readable names: [String]) {
                guard !names.isEmpty else { return }
                let count = names.count == 1 ? "1 credential" : "\(names.count) credentials"
                let note = Printer.standardError.note
                note("note: the removed recipient could read \(count): \(names.joined(separator: ", "))")
                note("note: their key still decrypts every earlier version of these in git history (and any copy they kept); removing it protects only what changes from now on")
                note("note: change these secrets at their providers and store the new values (credfile set NAME FIELD --prompt, or --stdin), then give the files new data keys:")
                // Re-wrapping keeps the data key, which the removed key could unwrap before.
                note("  credfile rotate" + (names.count <= 20 ? " " + names.joined(separator: " ") : ""))
            }

            /// `credentials/smtp-prod.yaml` → `smtp-prod`.
            static func name(ofPath path: String) -> String {
                URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            }
        }
    }
}
