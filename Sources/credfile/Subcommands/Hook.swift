import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile hook install`: git hooks for users without the pre-commit framework.
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "Install credfile's git integration.",
            subcommands: [Install.self])

        /// `credfile hook install [--force] [--diff]`.
        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "install",
                abstract: "Write .git/hooks/pre-commit running 'credfile validate --staged'; --diff also sets up masked diffs.",
                discussion: """
                    Refuses to replace a pre-commit hook it did not write unless --force. With --diff it adds \
                    'credentials/*.yaml diff=credfile' to .gitattributes and sets diff.credfile.textconv, so \
                    'git diff' and 'git log -p' show secrets as ****1234 and a fingerprint, never their \
                    ciphertext; a pre-commit hook it did not write (the pre-commit framework's) is then left \
                    as it is, and said so. Users of the pre-commit framework use the 'credfile-validate' hook \
                    of .pre-commit-hooks.yaml for validation. The hook calls 'credfile' from PATH, else this \
                    binary by its absolute path (GUI git clients often have a short PATH). With --merge it \
                    adds 'credentials/*.yaml merge=credfile' and sets merge.credfile.driver, so 'git merge' \
                    merges credentials field by field (see 'credfile merge-driver'); a foreign pre-commit hook \
                    is then left as it is too.

                    Examples:
                      credfile hook install
                      credfile hook install --diff
                      pre-commit install && credfile hook install --diff
                      credfile hook install --merge
                    """)

            @Flag(help: "Replace an existing pre-commit hook credfile did not write.")
            var force = false

            @Flag(help: "Also configure the textconv diff driver (a foreign pre-commit hook is then left as it is).")
            var diff = false

            @Flag(help: "Also configure git's merge driver for credentials (credfile merge-driver); leaves a foreign pre-commit hook alone.")
            var merge = false

            @OptionGroup var output: OutputOptions

            func run() throws {
                var install = HookInstall(
                    workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                    executable: Self.executablePath())
                install.force = force
                install.diff = diff
                install.merge = merge
                let report = try install.run()
                report.kept.forEach { Printer.standardError.note("note: \($0)") }
                report.written.forEach(output.done)
            }

            /// This binary's real absolute path, for the hook's fallback when `credfile` is not on
            /// PATH at commit time (a GUI git client). Not argv[0]: run as a bare `credfile`
            /// found on PATH, that is a name, and joined with the working directory it names
            /// nothing (issue 16).
            static func executablePath() -> String {
                // Linux: the kernel's record of the running image.
                if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/") {
                    return path
                }
                return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
            }
        }
    }

    /// `credfile textconv FILE`: git's diff driver.
    struct Textconv: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "textconv",
            abstract: "Print a credential for review: secrets masked (****1234 with a key, **** without), sops block summarised.",
            discussion: """
                Used by git as diff.credfile.textconv (see 'credfile hook install --diff'). Each secret \
                is followed by a fingerprint, so a changed secret is a changed line even when its last \
                four characters stay: with a key 'fp:' and 8 hex digits of an HMAC of the value under a \
                key derived from the file's data key (it changes when the value changes, and on rotate); \
                without a key 'enc:' and 8 hex digits of a SHA-256 of its ciphertext (it changes when the \
                value was re-encrypted; 'set' keeps unchanged values' ciphertext).

                Examples:
                  credfile textconv credentials/smtp-prod.yaml
                  git diff credentials/smtp-prod.yaml
                """)

        @Argument(help: "The credential file (git passes a temporary copy).")
        var file: String

        @OptionGroup var keys: KeyOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            let bytes = try FileIO.read(URL(fileURLWithPath: file))
            // git runs the driver in the repository, whose schemas say which plain fields are secrets.
            let schemas = try CurrentRepository.discover().schemas
            FileHandle.standardOutput.write(Data(TextConv.render(bytes, keys: keys.keyRing, schemas: schemas)))
        }
    }
}
