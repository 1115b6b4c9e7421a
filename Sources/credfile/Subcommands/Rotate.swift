import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile rotate [NAME …]`: new data keys.
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Give credentials new data keys; every value is encrypted again (a full diff is expected).",
            discussion: """
                Each file gets its own new data key, wrapped for the recipients it already has. Do \
                this after removing a recipient: the removed key may have kept the old data key. \
                Prints each rotated file. Files are rotated in parallel; one that cannot be (no key, \
                MAC mismatch …) is reported and left as it was, the others are rotated, and the exit \
                status is that of the first failure. On a terminal a progress line counts the files.

                Examples:
                  credfile rotate                 # every credential
                  credfile rotate smtp-prod
                """)

        @Argument(help: "Credential names (default: all).", completion: Completions.names)
        var names: [String] = []

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            var rotate = RotateCredentials(names: names, update: try CurrentRepository.update(keys: keys))
            let line = ProgressLine.onTerminal("rotating")
            rotate.progress = line?.report
            let report = try rotate.run()
            line?.clear()
            for file in report.rotated { output.done("rotated \(file)") }
            try FileFailures.report(report.failures)
        }
    }
}
