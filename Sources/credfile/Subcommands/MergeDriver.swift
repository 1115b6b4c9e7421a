import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile merge-driver %O %A %B %P`: git's merge driver for credentials.
    struct MergeDriver: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "Merge two branches' versions of a credential field by field (git's merge driver).",
            discussion: """
                git runs it as merge.credfile.driver (set up by 'credfile hook install --merge') with \
                the base, ours and theirs versions and the path. All three are decrypted (MACs \
                verified); a field changed on one side wins, the same change on both sides is fine. \
                The result goes to OURS with a fresh MAC and lastmodified, exit 0. Fields changed \
                differently on both sides are a conflict: OURS is left as it was (valid), the fields \
                are named on standard error (never a value) and the exit status is 1, so git reports \
                the conflict; resolve with 'credfile set' and 'git add'. A result that merges field by \
                field but breaks the type's schema (validate --decrypt) is a conflict too. Without a key that opens \
                the three versions nothing is written and it fails (exit 128): the MAC cannot be \
                recomputed without the key.

                Example (.git/config):
                  [merge "credfile"]
                      name = credfile field-by-field merge
                      driver = credfile merge-driver %O %A %B %P
                """)

        @Argument(help: ArgumentHelp("The common ancestor's version (git's %O; empty when there is none).", valueName: "base"))
        var base: String

        @Argument(help: ArgumentHelp("Our version (git's %A): the result is written here.", valueName: "ours"))
        var ours: String

        @Argument(help: ArgumentHelp("Their version (git's %B).", valueName: "theirs"))
        var theirs: String

        @Argument(help: ArgumentHelp("The file's path in the repository (git's %P), for messages.", valueName: "path"))
        var path: String

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            let read = { (file: String) in try FileIO.read(URL(fileURLWithPath: file)) }
            // git runs the driver at the top of the work tree: the repository's schemas check the
            // result (outside a credfile repository it is not validated).
            let schemas = try? CurrentRepository.discover().schemas
            let merge = MergeCredential(
                base: try read(base), ours: try read(ours), theirs: try read(theirs), path: path, keys: keys.keyRing,
                schemas: schemas)
            let outcome: MergeCredential.Outcome
            do {
                outcome = try merge.run()
            } catch var error as CredfileError where error.kind == .noIdentity {
                error.hints.append("merging a credential needs a key that opens it: without one its MAC cannot be recomputed, so ours is left as it was")
                error.hints.append("with a key: git checkout --merge -- \(path) runs the merge again")
                throw error
            }
            switch outcome {
            case .merged(let bytes):
                try FileIO.writeAtomically(bytes, to: URL(fileURLWithPath: ours))
            case .conflict(let fields):
                Printer.standardError.printWithHints(Self.conflict(fields, path: path))
                throw ExitCode(ExitStatus.failure)
            case .invalid(let problems):
                Printer.standardError.printWithHints(Self.invalid(problems, path: path))
                throw ExitCode(ExitStatus.failure)
            }
        }

        /// Names the fields, never a value: ours stays, and the user picks each value with `set`.
        static func conflict(_ fields: [String], path: String) -> Diagnostic {
            let name = path.lastPathComponent.deletingPathExtension
            let list = fields.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                .error, code: .mergeConflict,
                "merge conflict: both branches changed \(list) differently; the file keeps our version", path: path,
                hints: [
                    "compare: git diff MERGE_HEAD -- \(path) (masked with 'credfile hook install --diff')",
                    "resolve: credfile set \(name) FIELD=VALUE for each field (or credfile unset), then git add \(path)",
                ])
        }

        /// Every field merged, but the result breaks the schema: refused as `set` refuses it.
        static func invalid(_ problems: [Diagnostic], path: String) -> Diagnostic {
            let name = path.lastPathComponent.deletingPathExtension
            return Diagnostic(
                .error, code: .mergeConflict,
                "merge conflict: the merged credential would not be valid; the file keeps our version", path: path,
                hints: problems.map { "\($0.message) [\($0.code)]" } + [
                    "resolve: credfile set \(name) FIELD=VALUE (or credfile unset) for their changes, then git add \(path)"
                ])
        }
    }
}
