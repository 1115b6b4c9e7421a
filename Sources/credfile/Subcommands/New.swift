import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile new NAME --type T`: create a credential.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create a credential: credentials/NAME.yaml, its secrets encrypted.",
            discussion: """
                Values come as FIELD=VALUE arguments, typed by the field (port=587 is a number, \
                tls=true a switch), and, as with 'credfile set', from standard input (--stdin with \
                one FIELD given alone, before or after the flag), the terminal (--prompt FIELD) or \
                a file (--value-file FIELD=FILE). A secret given as FIELD=VALUE gets a note: shell \
                history keeps it.

                On a terminal, credfile asks for what is missing: the type (from the list) when \
                --type is not given, then every required field, and then, when it asked anything, \
                offers the optional fields (Enter skips; a default is shown in brackets and applies \
                when skipped). Secrets are typed without echo, twice. Without a terminal a missing \
                type or required field is an error naming it. Defaults are not written: they apply \
                when the credential is used. The file is encrypted for the .sops.yaml recipients \
                and validated before it is created; an existing name is never overwritten. After \
                creating it, credfile prints the next steps (when standard error is a terminal).

                Examples:
                  credfile new smtp-prod                                             # asks everything
                  credfile new smtp-prod --type smtp --description "Invoice mail"    # asks the rest
                  credfile new smtp-prod --type smtp --description "Invoice mail" host=smtp.example.com port=587 tls=true
                  pass show smtp | credfile new smtp-prod --type smtp --description "Invoice mail" \\
                      host=smtp.example.com username=invoices --stdin password
                  credfile new api --type generic --description "Billing API" --prompt token
                """)

        @Argument(help: "The credential's name: a lowercase slug, never changed later.")
        var name: String

        @Argument(help: ArgumentHelp("FIELD=VALUE pairs; with --stdin, one FIELD alone.", valueName: "field=value"))
        var assignments: [String] = []

        @Option(
            help: ArgumentHelp("The credential type (see 'credfile schema list'); asked on a terminal when missing.", valueName: "type"),
            completion: Completions.types)
        var type: String?

        @Option(help: ArgumentHelp("What the credential is for.", valueName: "text"))
        var description: String?

        @OptionGroup var inputs: FieldInputs

        @OptionGroup var output: OutputOptions

        func validate() throws {
            try inputs.check(assignments)
        }

        func run() throws {
            let repository = try CurrentRepository.discover()
            var asked = false
            var creation = NewCredential(name: name, type: try type ?? Self.askType(repository, asked: &asked), repository: repository)
            creation.keys = KeyRing(discovery: IdentityDiscovery())  // wraps for a rule's KMS keys
            var draft = try creation.prepare()
            try fill(&draft)
            if Prompt.isAvailable {
                asked = try Self.ask(&draft) || asked
                if asked { try Self.offerOptional(&draft) }
            }
            let warnings = try draft.write()
            warnings.forEach(Printer.standardError.print)
            output.done("created \(draft.displayPath)")
            // For the person at the terminal; a script creating many credentials gets no chatter.
            if Terminal.isTerminal(.standardError) { Self.nextSteps(draft).forEach(output.note) }
        }

        /// The values given on the command line, standard input, files and `--prompt`.
        private func fill(_ draft: inout NewCredential.Draft) throws {
            if let description { try draft.assign("description", text: description) }
            let onCommandLine = FieldInputs.onCommandLine(assignments)
            for assignment in try inputs.collect(assignments) {
                try draft.assign(assignment.field, text: assignment.text)
                if onCommandLine.contains(assignment.field), try draft.spec(assignment.field).sensitive {
                    Printer.standardError.note(FieldInputs.historyNote(assignment.field))
                }
            }
        }

        /// The type, chosen on the terminal from the repository's types (by name or number).
        static func askType(_ repository: Repository, asked: inout Bool) throws -> String {
            let schemas = repository.schemas.schemas
            guard Prompt.isAvailable else {
                throw CredfileError(
                    .usage, "missing --type", hints: ["types: " + schemas.map(\.type).joined(separator: ", ") + " (see 'credfile schema list')"])
            }
            asked = true
            let prompt = Prompt()
            prompt.say("Types:\n" + schemas.enumerated().map { index, schema in
                "  \(index + 1). \(schema.type)" + (schema.title.map { " — \(TerminalText.safe($0))" } ?? "")
            }.joined(separator: "\n") + "\n")
            while true {
                let answer = try prompt.line("type (name or number)").trimming { $0 == " " || $0 == "\t" }
                if let number = Int(answer), (1...schemas.count).contains(number) { return schemas[number - 1].type }
                if schemas.contains(where: { $0.type == answer }) { return answer }
                prompt.say("no such type; choose one of the list\n")
            }
        }

        /// Asks for each missing field until it has a valid value; a rule may add fields as
        /// others are set (the password of a username), so the list is re-read each time.
        /// Whether anything was asked.
        @discardableResult
        static func ask(_ draft: inout NewCredential.Draft) throws -> Bool {
            var asked = false
            while let field = draft.missingFields.first {
                asked = true
                let answer = try question(field)
                do {
                    try draft.assign(field.name, text: answer)
                } catch let error as CredfileError {
                    Printer.standardError.report(error)
                }
            }
            return asked
        }

        /// Offers each optional field not set yet, in schema order: Enter skips (the default,
        /// shown in brackets, then applies at use). A value that makes another field needed
        /// (a username, its password) is followed by that question.
        static func offerOptional(_ draft: inout NewCredential.Draft) throws {
            let optional = draft.schema.fields.filter { !draft.isSet($0.name) }
            guard !optional.isEmpty else { return }
            Prompt().say("Optional fields (Enter skips):\n")
            for field in optional where !draft.isSet(field.name) {
                while true {
                    let answer = try question(field, optional: true)
                    if answer.isEmpty { break }
                    do {
                        try draft.assign(field.name, text: answer)
                        break
                    } catch let error as CredfileError {
                        Printer.standardError.report(error)
                    }
                }
                try ask(&draft)
            }
        }

        /// `port (server port) [25]`: the label with the field's description and default.
        private static func question(_ field: FieldSpec, optional: Bool = false) throws -> String {
            var label = field.description.map { "\(field.name) (\(TerminalText.safe($0)))" } ?? field.name
            if optional, let value = field.defaultValue { label += " [\(TerminalText.safe(Credential.text(of: value, field)))]" }
            return field.sensitive ? try Prompt().secret(label) : try Prompt().line(label)
        }

        /// What to do with the new credential, one line each.
        static func nextSteps(_ draft: NewCredential.Draft) -> [String] {
            let name = draft.name
            return [
                "next steps:",
                "  credfile show \(name)                      # check it (secrets masked)",
                "  credfile validate \(draft.displayPath)",
                "  credfile exec \(name) -- ./your-program    # run a program with it in its environment",
                "  credfile export \(name) --format dotenv    # or write it out for a job",
                "  git add \(draft.displayPath)",
            ]
        }
    }
}
