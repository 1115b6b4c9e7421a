import ArgumentParser
import CredfileKit
import Foundation

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
                    'git diff' and 'git log -p' show secrets as ****1234, never their ciphertext. With --merge it adds \
                    'credentials/*.yaml merge=credfile' and sets merge.credfile.driver, so 'git merge' merges \
                    credentials field by field (see 'credfile merge-driver'). Users of the \
                    pre-commit framework use the 'credfile-validate' hook of .pre-commit-hooks.yaml instead.

                    Examples:
                      credfile hook install
                      credfile hook install --diff
                      credfile hook install --merge
                    """)

            @Flag(help: "Replace an existing pre-commit hook credfile did not write.")
            var force = false

            @Flag(help: "Also configure the textconv diff driver.")
            var diff = false

            @Flag(help: "Also configure git's merge driver for credentials (credfile merge-driver); leaves a foreign pre-commit hook alone.")
            var merge = false

            func run() throws {
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
                var install = HookInstall(
                    workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), executable: executable)
                install.force = force
                install.diff = diff
                install.merge = merge
                for line in try install.run() { Printer.standardError.note(line) }
            }
        }
    }

    /// `credfile textconv FILE`: git's diff driver.
    struct Textconv: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "textconv",
            abstract: "Print a credential for review: secrets masked (****1234 with a key, **** without), sops block summarised.",
            discussion: "Used by git as diff.credfile.textconv (see 'credfile hook install --diff').")

        @Argument(help: "The credential file (git passes a temporary copy).")
        var file: String

        @OptionGroup var keys: KeyOptions

        func run() throws {
            let bytes = try FileIO.read(URL(fileURLWithPath: file))
            // git runs the driver in the repository, whose schemas say which plain fields are secrets.
            let schemas = try CurrentRepository.discover().schemas
            FileHandle.standardOutput.write(Data(TextConv.render(bytes, keys: keys.keyRing, schemas: schemas)))
        }
    }
}
