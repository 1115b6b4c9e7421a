import ArgumentParser
import CredfileKit

/// Where decryption identities come from (shared by every command that decrypts).
struct KeyOptions: ParsableArguments {
    @Option(
        name: [.short, .long], help: ArgumentHelp(
            "An age identity file (also passphrase-encrypted, or an ssh private key); replaces the sops search (SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh/id_ed25519, ~/.ssh/id_rsa, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, ~/.config/sops/age/keys.txt).",
            valueName: "file"))
    var identity: [String] = []

    /// The identity search, after warning (once, on stderr) about identity files others can read.
    /// Passphrases of encrypted identity files are asked on the terminal; a source that fails
    /// while others give identities is a warning, as in sops.
    var discovery: IdentityDiscovery {
        let discovery = IdentityDiscovery(
            explicitFiles: identity, passphrase: TerminalPassphrase.provider,
            warn: { Printer.standardError.note("credfile: warning: \($0)") })
        for warning in discovery.permissionWarnings() { Printer.standardError.note("credfile: warning: \(warning)") }
        return discovery
    }

    /// The master keys of this run: the identity search, done once on first use.
    var keyRing: KeyRing { KeyRing(discovery: discovery) }
}
