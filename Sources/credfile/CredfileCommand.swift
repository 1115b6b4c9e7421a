import ArgumentParser

/// The `credfile` root command: configuration only; each subcommand lives in its own file.
@main
struct CredfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credfile",
        abstract: "Integration credentials in git: SOPS-encrypted YAML, checked by schema.",
        version: "0.1.0",
        subcommands: []
    )
}
