import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile unset NAME field …`: remove fields of a credential.
    struct Unset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove fields of a credential; only their lines, mac and lastmodified change.",
            discussion: """
                A field that does not exist is an error. The result is validated first: removing \
                a required field (or 'name', 'type', 'description') is refused and nothing is written.

                Examples:
                  credfile unset smtp-prod email
                  credfile unset smtp-prod username password
                """)

        @Argument(help: "The credential's name.")
        var name: String

        @Argument(help: ArgumentHelp("The fields to remove.", valueName: "field"))
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
