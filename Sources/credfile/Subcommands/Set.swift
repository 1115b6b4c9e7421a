import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
                are serialised by a lock on credentials/, and none is lost. An expiry date that has \
                passed (secret_expires) is written, with a warning: it is the truth, and the secret \
                of an expired credential can be replaced.

                Secrets need not appear on the command line (or in shell history): --stdin reads \
                one value from standard input (one final line break is dropped), --prompt asks on \
                the terminal without echo (typed twice), --value-file takes a file's bytes (one final line \
                break is dropped, as 'op' and 'gh secret set' do; a value that must end with a line \
                break needs two).

                Examples:
                  credfile set smtp-prod host=smtp.example.org port=587
                  credfile set smtp-prod password --stdin < password.txt
                  credfile set graph client_secret --stdin secret_expires=2028-01-01 < new.txt
                  credfile set smtp-prod --prompt password
                  credfile set smtp-prod --value-file password=./secret.txt
                  credfile set credentials/smtp-prod.yaml port=465    # NAME or its file
                  credfile set api-token type=generic
                """)

        @Argument(help: "The credential's name, or its file credentials/NAME.yaml.", completion: Completions.names)
        var name: String

        @Argument(help: ArgumentHelp("FIELD=VALUE pairs; with --stdin, one FIELD alone.", valueName: "field=value"))
        var assignments: [String] = []

        @OptionGroup var inputs: FieldInputs

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func validate() throws {
            try inputs.check(assignments)
            if assignments.isEmpty && inputs.isEmpty { throw ValidationError("nothing to set") }
        }

        func run() throws {
            let update = try CurrentRepository.update(keys: keys)
            let name = try CredentialArgument.name(name, in: update.location.repository)
            let collected = try inputs.collect(assignments)
            let result = try SetFields(name: name, assignments: collected, update: update).apply()
            result.warnings.forEach(Printer.standardError.print)
            let file = update.location.display(try update.location.file(named: name))
            let fields = collected.map(\.field).joined(separator: ", ")
            output.done(result.outcome == .written ? "updated \(file) (set \(fields))" : "no changes to \(file) (\(fields) already had these values)")
            for field in FieldInputs.onCommandLine(assignments) where result.sensitive.contains(field) {
                Printer.standardError.note(FieldInputs.historyNote(field))
            }
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
