import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile unset NAME field …`: remove fields of a credential.
    struct Unset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unset",
            abstract: "Remove fields of a credential; only their lines, mac and lastmodified change.",
            discussion: """
                A field that does not exist is an error. The result is validated first: removing \
                a required field (or 'name', 'type', 'description') is refused and nothing is written.

                Examples:
                  credfile unset smtp-prod email
                  credfile unset smtp-prod username password
                """)

        @Argument(help: "The credential's name.", completion: Completions.names)
        var name: String

        @Argument(help: ArgumentHelp("The fields to remove.", valueName: "field"), completion: Completions.fields)
        var fields: [String]

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            let update = try CurrentRepository.update(keys: keys)
            let outcome = try UnsetFields(name: name, fields: fields, update: update).run()
            let file = update.location.display(try update.location.file(named: name))
            let list = fields.joined(separator: ", ")
            output.done(outcome == .written ? "updated \(file) (removed \(list))" : "no changes to \(file)")
        }
    }
}
