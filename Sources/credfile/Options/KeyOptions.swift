import ArgumentParser
import CredfileKit

/// Where decryption identities come from (shared by every command that decrypts).
struct KeyOptions: ParsableArguments {
    @Option(
        name: [.short, .long], help: ArgumentHelp(
            "An age identity file; replaces the sops search (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, ~/.config/sops/age/keys.txt).",
            valueName: "file"))
    var identity: [String] = []

    /// The identity search, after warning (once, on stderr) about identity files others can read.
    var discovery: IdentityDiscovery {
        let discovery = IdentityDiscovery(explicitFiles: identity)
        for warning in discovery.permissionWarnings() { Printer.standardError.note("credfile: warning: \(warning)") }
        return discovery
    }

    /// The master keys of this run: the identity search, done once on first use.
    var keyRing: KeyRing { KeyRing(discovery: discovery) }
}
