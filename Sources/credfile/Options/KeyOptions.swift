import ArgumentParser
import CredfileKit

/// Where decryption identities come from (shared by every command that decrypts).
struct KeyOptions: ParsableArguments {
    @Option(
        name: [.short, .long], help: ArgumentHelp(
            "An age identity file; replaces the sops search (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, ~/.config/sops/age/keys.txt).",
            valueName: "file"))
    var identity: [String] = []

    var discovery: IdentityDiscovery { IdentityDiscovery(explicitFiles: identity) }
}
