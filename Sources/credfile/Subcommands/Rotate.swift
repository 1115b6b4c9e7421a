import ArgumentParser
import CredfileKit
import Foundation

extension CredfileCommand {
    /// `credfile rotate [NAME …]`: new data keys.
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give credentials new data keys; every value is encrypted again (a full diff is expected).",
            discussion: """
                Each file gets its own new data key, wrapped for the recipients it already has. Do \
                this after removing a recipient: the removed key may have kept the old data key. \
                Prints each rotated file.

                Examples:
                  credfile rotate                 # every credential
                  credfile rotate smtp-prod
                """)

        @Argument(help: "Credential names (default: all).")
        var names: [String] = []

        @OptionGroup var keys: KeyOptions

        func run() throws {
            let update = try CurrentRepository.update(keys: keys)
            for file in try RotateCredentials(names: names, update: update).run() { print("rotated \(file)") }
        }
    }
}
