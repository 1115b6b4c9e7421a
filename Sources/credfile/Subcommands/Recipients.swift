import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile recipients add|rm RECIPIENT [NAME …]`.
    struct Recipients: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or remove a recipient (age, ssh or AWS KMS): re-wrap the existing data keys and update .sops.yaml.",
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

                Examples:
                  credfile recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  credfile recipients rm age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                  credfile recipients add age1… smtp-prod
                  credfile recipients add --kms arn:aws:kms:eu-west-1:111122223333:key/1234abcd-…
                """,
            subcommands: [Add.self, Remove.self])

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

            func run(_ action: RecipientsChange.Action) throws -> RecipientsChange.Report {
                let update = try CurrentRepository.update(keys: keys)
                var change = try RecipientsChange(action: action, recipient: recipient ?? "", names: names, update: update)
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
            static let configuration = CommandConfiguration(abstract: "Give a recipient access to the credentials.")

            @OptionGroup var arguments: Arguments

            func run() throws { try FileFailures.report(try arguments.run(.add).failures) }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rm", abstract: "Take a recipient's access away (then run 'credfile rotate').")

            @OptionGroup var arguments: Arguments

            func run() throws {
                let report = try arguments.run(.remove)
                if !report.changed.isEmpty {
                    // Re-wrapping does not change the data key, and the removed key could read it before.
                    Printer.standardError.note(
                        "note: the removed recipient may have kept the old data keys; give these credentials new ones with:")
                    Printer.standardError.note("  credfile rotate" + (arguments.names.isEmpty ? "" : " " + arguments.names.joined(separator: " ")))
                }
                try FileFailures.report(report.failures)
            }
        }
    }
}
