import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile get NAME FIELD`: one decrypted value, for scripts.
    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print one field's value, decrypted, to standard output (for scripts).",
            discussion: """
                Like 'op read': exactly the value, not masked, followed by one newline unless \
                --no-newline. The value is the one a job would get from 'credfile export' (a date as \
                YYYY-MM-DD, a switch as true/false, the schema's default when the file has none). \
                It is printed to a terminal too: that is where you asked for it, so mind who is \
                watching. The MAC is verified; without a key that opens the file the exit status is \
                128, and a field the credential does not have is an error (exit 1). Nothing but the \
                value is ever written to standard output.

                Examples:
                  credfile get smtp-prod password
                  curl -u "bot:$(credfile get api-prod token)" https://api.example.com/
                  credfile get graph-inbox client_secret --no-newline | pbcopy
                """)

        @Argument(help: "The credential's name, or its file credentials/NAME.yaml.", completion: Completions.names)
        var name: String

        @Argument(help: "The field to print.", completion: Completions.fields)
        var field: String

        @Flag(help: "Do not print a newline after the value.")
        var noNewline = false

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            let repository = try CurrentRepository.discover()
            let name = try CredentialArgument.name(name, in: repository)
            let credential = try repository.credential(named: name, Repository.ReadOptions(keys: keys.keyRing))
            if credential.document.isEncrypted && credential.decrypted == nil {
                throw CredfileError(.noIdentity, "no identity opens the credential", path: credential.file.displayPath)
            }
            let text = try Self.text(of: field, in: credential)
            FileHandle.standardOutput.write(Data((noNewline ? text : text + "\n").utf8))
        }

        /// The value as a job receives it; an absent field is an error naming it (never a value).
        static func text(of field: String, in credential: Credential) throws -> String {
            let spec = credential.schema?.field(field)
            guard let value = credential.effectiveValue(of: field) else {
                let known = credential.schema.map { ["fields of \($0.type): " + $0.fields.map(\.name).joined(separator: ", ")] } ?? []
                let has = spec != nil || CredentialSchema.commonFields.contains(field)
                throw CredfileError(
                    .noSuchField, has ? "credential '\(credential.name)' has no value for '\(field.prefix(64))'"
                        : "credential '\(credential.name)' has no field '\(field.prefix(64))'",
                    path: credential.file.displayPath, hints: has ? [] : known)
            }
            return Credential.text(of: value, spec ?? FieldSpec(name: field, kind: .string))
        }
    }
}
