import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile new NAME --type T`: create a credential.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create a credential: credentials/NAME.yaml, its secrets encrypted.",
            discussion: """
                Values come as FIELD=VALUE arguments, typed by the field (port=587 is a number, \
                tls=true a switch), one value from standard input with --stdin FIELD, and, on a \
                terminal, from prompts for every required field still missing (secrets without echo, \
                typed twice). Without a terminal a missing required field is an error naming it. \
                Defaults are not written: they apply when the credential is used. The file is \
                encrypted for the .sops.yaml recipients and validated before it is created; an \
                existing name is never overwritten.

                Examples:
                  credfile new smtp-prod --type smtp --description "Invoice mail"    # asks the rest
                  credfile new smtp-prod --type smtp --description "Invoice mail" host=smtp.example.com port=587 tls=true
                  pass show smtp | credfile new smtp-prod --type smtp --description "Invoice mail" \\
                      host=smtp.example.com username=invoices --stdin password
                """)

        @Argument(help: "The credential's name: a lowercase slug, never changed later.")
        var name: String

        @Argument(help: ArgumentHelp("Field values.", valueName: "field=value"))
        var assignments: [String] = []

        @Option(help: ArgumentHelp("The credential type (see 'credfile schema list').", valueName: "type"))
        var type: String

        @Option(help: ArgumentHelp("What the credential is for.", valueName: "text"))
        var description: String?

        @Option(help: ArgumentHelp("Read this field's value from standard input (one trailing newline is dropped).", valueName: "field"))
        var stdin: String?

        func validate() throws {
            for (index, assignment) in assignments.enumerated() where (try? FieldAssignment(parsing: assignment)) == nil {
                // The argument is not echoed: it may be a secret typed without its field name.
                throw ValidationError("argument #\(index + 1) after NAME is not FIELD=VALUE")
            }
        }

        func run() throws {
            var creation = NewCredential(name: name, type: type, repository: try CurrentRepository.discover())
            creation.keys = KeyRing(discovery: IdentityDiscovery())  // wraps for a rule's KMS keys
            var draft = try creation.prepare()
            try fill(&draft)
            if !draft.missingFields.isEmpty && Prompt.isAvailable { try Self.ask(&draft) }
            let warnings = try draft.write()
            warnings.forEach(Printer.standardError.print)
            print("created \(draft.displayPath)")
        }

        /// The values given on the command line and on standard input.
        private func fill(_ draft: inout NewCredential.Draft) throws {
            if let description { try draft.assign("description", text: description) }
            for assignment in assignments.compactMap({ try? FieldAssignment(parsing: $0) }) {
                try draft.assign(assignment.field, text: assignment.text)
                if try draft.spec(assignment.field).sensitive {
                    Printer.standardError.note(
                        "note: '\(assignment.field)' was given on the command line, where shell history keeps it; prefer the prompt or --stdin")
                }
            }
            if let stdin {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                var text = String(decoding: data, as: UTF8.self)
                if text.hasSuffix("\n") { text.removeLast() }
                try draft.assign(stdin, text: text)
            }
        }

        /// Asks for each missing field until it has a valid value; a rule may add fields as
        /// others are set (the password of a username), so the list is re-read each time.
        static func ask(_ draft: inout NewCredential.Draft) throws {
            let prompt = Prompt()
            while let field = draft.missingFields.first {
                let label = field.description.map { "\(field.name) (\($0))" } ?? field.name
                let answer = field.sensitive ? try prompt.secret(label) : try prompt.line(label)
                do {
                    try draft.assign(field.name, text: answer)
                } catch let error as CredfileError {
                    Printer.standardError.report(error)
                }
            }
        }
    }
}
