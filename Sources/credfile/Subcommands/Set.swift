import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile set NAME field=value …`: change fields of a credential.
    struct SetCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change fields of a credential; only those values, mac and lastmodified change in the file.",
            discussion: """
                Values are typed by the field's kind in the type's schema (port=587 is a number, \
                tls=true a boolean). Sensitive fields are encrypted. 'name' cannot be changed; \
                'type' can, and the credential must then satisfy the new type: sensitive fields are \
                re-selected (values that become sensitive are encrypted, the others written in plain \
                text) and the file's encrypted_regex follows. The result is validated before it is \
                written; an invalid result is refused and nothing is written. Concurrent changes \
                are serialised by a lock on credentials/, and none is lost.

                Secrets need not appear on the command line (or in shell history): --stdin reads \
                one value from standard input (one final line break is dropped), --prompt asks on \
                the terminal without echo (typed twice), --value-file takes a file's bytes (one final line \
                break is dropped, as 'op' and 'gh secret set' do; a value that must end with a line \
                break needs two).

                Examples:
                  credfile set smtp-prod host=smtp.example.org port=587
                  credfile set smtp-prod password --stdin < password.txt
                  credfile set smtp-prod --prompt password
                  credfile set smtp-prod --value-file password=./secret.txt
                  credfile set api-token type=generic
                """)

        @Argument(help: "The credential's name.")
        var name: String

        @Argument(help: ArgumentHelp("FIELD=VALUE pairs; with --stdin, one FIELD alone.", valueName: "field=value"))
        var assignments: [String] = []

        @Flag(help: "Read the value of the one FIELD given alone from standard input.")
        var stdin = false

        @Option(help: ArgumentHelp("Ask for this field's value on the terminal, without echo (repeatable).", valueName: "field"))
        var prompt: [String] = []

        @Option(help: ArgumentHelp("Take FIELD's value from FILE, without one final line break (repeatable).", valueName: "field=file"))
        var valueFile: [String] = []

        @OptionGroup var keys: KeyOptions

        func validate() throws {
            let bare = assignments.filter { !$0.contains("=") }
            if stdin && (bare.count != 1 || assignments.count != 1) {
                throw ValidationError("--stdin reads one value: give exactly one FIELD (without =VALUE) and nothing else")
            }
            if !stdin, let index = assignments.firstIndex(where: { !$0.contains("=") }) {
                // The argument is not echoed: it may be a secret typed without its field name.
                throw ValidationError(
                    "argument #\(index + 1) after NAME has no value: write FIELD=VALUE, or use --stdin, --prompt or --value-file")
            }
            if assignments.isEmpty && prompt.isEmpty && valueFile.isEmpty { throw ValidationError("nothing to set") }
        }

        func run() throws {
            let update = try CurrentRepository.update(keys: keys)
            _ = try SetFields(name: name, assignments: try collect(), update: update).run()
        }

        /// Every assignment, from the arguments, standard input, files and prompts.
        func collect() throws -> [FieldAssignment] {
            if stdin { return [FieldAssignment(field: assignments[0], text: try Self.readStandardInput())] }
            var result = try assignments.map(FieldAssignment.init(parsing:))
            for spec in valueFile {
                let pair = try FieldAssignment(parsing: spec)
                result.append(FieldAssignment(field: pair.field, text: try Self.readValueFile(pair.text, field: pair.field)))
            }
            // Prompts last: a mistake in the other arguments is reported before anyone types a secret.
            if !prompt.isEmpty && !Prompt.isAvailable {
                throw CredfileError(.usage, "--prompt needs a terminal; without one use --stdin or --value-file")
            }
            for field in prompt {
                let value = try Prompt().secret(field)
                guard !value.isEmpty else { throw CredfileError(.usage, "nothing typed for '\(field)'; nothing written") }
                result.append(FieldAssignment(field: field, text: value))
            }
            return result
        }

        /// All of standard input as UTF-8, without one final line break (`echo` adds one).
        static func readStandardInput() throws -> String {
            var bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CredfileError(.usage, "standard input is not UTF-8 text")
            }
            return text
        }

        /// A value file's text without one final line break: editors and `echo >` end a file
        /// with one that is no part of the secret (`op` and `gh secret set` drop it too). An
        /// empty file (or `/dev/null`) is said to be empty, not reported as the field's problem.
        static func readValueFile(_ path: String, field: String) throws -> String {
            var bytes = try FileIO.read(URL(fileURLWithPath: path))
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CredfileError(.usage, "is not UTF-8 text", path: path)
            }
            guard !text.isEmpty else {
                throw CredfileError(.invalidField, "is empty, so '\(field.prefix(64))' would have no value; nothing written", path: path)
            }
            return text
        }
    }
}
