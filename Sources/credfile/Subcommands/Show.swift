import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile show NAME`: one credential, secrets masked.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a credential's fields, sensitive ones masked.",
            discussion: """
                A sensitive value shows as **** followed by its last four characters, or only **** \
                when it is shorter than 8 characters. Without a key that opens the file, every \
                sensitive value shows as **** and a note says so. Fields absent from the file show \
                their schema default, marked (default). An expiry date (secret_expires) that has \
                passed is marked (expired N days ago), one within 30 days (expires in N days). \
                --reveal prints the secrets in plain text. A file 'credfile validate' objects to gets \
                a warning on standard error first: a sensitive value stored in plain text is named \
                (never shown), with how to encrypt and replace it, and its line is marked \
                (stored in plain text); in JSON, "plaintext": true on the field and "status" as in \
                'credfile list'.

                Examples:
                  credfile show smtp-prod
                  credfile show smtp-prod --format json
                  credfile show smtp-prod --reveal
                  credfile show credentials/smtp-prod.yaml         # a NAME or its file
                """)

        @Argument(help: "The credential's name, or its file credentials/NAME.yaml.", completion: Completions.names)
        var name: String

        @Flag(help: "Print sensitive values in plain text.")
        var reveal = false

        @Option(help: "Output format: human or json.")
        var format: ShowFormat = .human

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            let repository = try CurrentRepository.discover()
            var operation = ShowCredential(name: try CredentialArgument.name(name, in: repository), repository: repository, keys: keys.keyRing)
            operation.reveal = reveal
            let view = try operation.run()
            view.warnings.forEach { Printer.standardError.printWithHints($0) }
            if view.locked {
                Printer.standardError.note("note: no identity opens \(view.path); sensitive values are shown as ****")
            }
            guard format == .human else { return JSONLines.write(Self.json(view)) }
            FileHandle.standardOutput.write(Data(Self.human(view).utf8))
        }

        /// `field  value`, aligned; defaults marked.
        static func human(_ view: CredentialView) -> String {
            let width = view.fields.map(\.name.count).max() ?? 0
            return view.fields.map { field in
                let name = field.name.padded(to: width)
                return "\(name)  \(TerminalText.safe(field.text))" + (field.isDefault ? " (default)" : "")
                    + (field.plaintext ? " (stored in plain text)" : "")
                    + (expiryMark(view.expiry, field: field.name).map { " (\($0))" } ?? "")
            }.joined(separator: "\n") + "\n"
        }

        /// "expired 3 days ago" or "expires in 12 days" beside the expiry field, when it matters.
        static func expiryMark(_ expiry: CredentialExpiry?, field: String) -> String? {
            guard let expiry, expiry.field == field, expiry.isExpired || expiry.isNear() else { return nil }
            return expiry.status
        }

        /// One object (a line of JSON Lines); `type` left out when unknown.
        static func json(_ view: CredentialView) -> JSONText {
            let fields = view.fields.map { field in
                JSONText.sortedObject([
                    ("name", .string(field.name)), ("value", .string(field.text)), ("sensitive", .bool(field.sensitive)),
                    ("default", .bool(field.isDefault)), ("plaintext", .bool(field.plaintext)),
                ])
            }
            var members: [(String, JSONText)] = [
                ("name", .string(view.name)), ("path", .string(view.path)), ("locked", .bool(view.locked)),
                ("fields", .array(fields)), ("status", .string(view.status.rawValue)),
            ]
            if let type = view.type { members.append(("type", .string(type))) }
            if let expiry = view.expiry {
                members.append(("expires", .string(expiry.date)))
                members.append(("expires_in_days", .int(Int64(expiry.daysLeft))))
            }
            return JSONText.sortedObject(members)
        }
    }
}

/// The output formats of `show`.
enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

