#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Whom `export --format flux` encrypts to: the recipient options when any is given, else the
/// `.sops.yaml` creation rule for the `-o` file, resolved exactly as `encrypt` resolves it
/// (`EncryptFile.resolveSettings`), so the two cannot disagree about a path.
///
/// Without `-o` there is no path to match a rule against (sops, reading standard input, asks
/// for `--filename-override` for the same reason), so a recipient option is then required.
public struct ExportRecipients: Sendable {
    /// `--age` recipients (repeatable); when any recipient option is given, the config's are ignored.
    public var age: [String] = []
    /// `--kms` keys (`ARN` or `ARN+ROLE`), repeatable, beside `--age`.
    public var kms: [String] = []
    /// Wraps the data key for the KMS keys.
    public var keys = KeyRing([])
    /// `-o FILE`: the path `.sops.yaml`'s `path_regex` is matched against.
    public var output: URL?

    public init() {}

    /// Whether no recipient option was given.
    public var isEmpty: Bool { age.isEmpty && kms.isEmpty }

    static let hints = [
        "pass --age RECIPIENT or --kms ARN, or -o FILE to use the .sops.yaml creation rule for that path"
    ]

    /// The settings the Secret is encrypted with (its selection rule is always flux's).
    public func settings(repository: Repository) throws -> EncryptionSettings {
        guard !isEmpty || output != nil else {
            throw CredfileError(.noRecipients, "flux: no recipients to encrypt the Secret to", hints: Self.hints)
        }
        // Standard output is matched as `/dev/stdout`: only `mac_only_encrypted` of a rule
        // matching it could apply, as the recipients are the options'.
        var encrypt = EncryptFile(file: output ?? URL(fileURLWithPath: "/dev/stdout"), repository: repository)
        encrypt.recipients = age
        encrypt.kms = kms
        encrypt.keys = keys
        encrypt.encryptedRegex = FluxSecretEncoder.encryptedRegex
        let settings = try encrypt.resolveSettings()
        guard !settings.recipients.isEmpty else {
            throw CredfileError(
                .noRecipients, "flux: no recipients to encrypt the Secret to: no --age or --kms, and no creation rule with 'age:' or 'kms:' matches it",
                path: output?.relativePath, hints: Self.hints)
        }
        return settings
    }
}
