import CredfileCrypto

/// An identity that decrypts age files: an age X25519 secret key, or an ssh-ed25519 / ssh-rsa
/// private key (age's agessh, key-sources.md §2–5).
///
/// Secrets are kept in `SecretBytes`, X25519 ones as drawn (unclamped, age-format.md §5.1);
/// printing an identity shows `<redacted age identity>`.
public struct AgeIdentity: Sendable, CustomStringConvertible, CustomReflectable {
    enum Kind: Sendable {
        case x25519(SecretBytes)
        /// The X25519 scalar derived from the Ed25519 seed.
        case sshEd25519(scalar: SecretBytes, ssh: SSHPublicKey)
        case sshRSA(RSAOAEP.PrivateKey, ssh: SSHPublicKey)
    }

    let kind: Kind
    /// The public half, for encrypting to this identity.
    public let recipient: AgeRecipient

    init(secret: SecretBytes) throws {
        kind = .x25519(secret)
        recipient = try AgeError.mapping { AgeRecipient(publicKey: try X25519.publicKey(privateKey: secret)) }
    }

    init(sshEd25519 scalar: SecretBytes, ssh: SSHPublicKey) throws {
        kind = .sshEd25519(scalar: scalar, ssh: ssh)
        recipient = AgeRecipient(ssh: ssh)
    }

    init(sshRSA key: RSAOAEP.PrivateKey, ssh: SSHPublicKey) {
        kind = .sshRSA(key, ssh: ssh)
        recipient = AgeRecipient(ssh: ssh)
    }

    /// The X25519 secret (nil for ssh identities); for tests and the key-file writer.
    var secret: SecretBytes? {
        if case .x25519(let secret) = kind { secret } else { nil }
    }

    /// A fresh identity from the CSPRNG.
    public static func generate() throws -> AgeIdentity {
        try AgeIdentity(secret: try AgeError.mapping { try SecretBytes.random(count: 32) })
    }

    /// Parses an `AGE-SECRET-KEY-1…` string. Like age 1.1.1, only the uppercase spelling is
    /// accepted. The error message never repeats the input.
    public init(parsing text: String) throws {
        guard var decoded = Bech32.decode(text) else {
            throw AgeError(.invalidKey, "malformed age identity")
        }
        let secret = SecretBytes(wiping: &decoded.data)
        guard decoded.hrp == "AGE-SECRET-KEY-" else { throw AgeError(.invalidKey, Self.wrongPrefixMessage(decoded.hrp)) }
        guard secret.count == 32 else { throw AgeError(.invalidKey, "age identity must hold 32 bytes") }
        try self.init(secret: secret)
    }

    /// The identity of an ssh private key file (`~/.ssh/id_ed25519`, `~/.ssh/id_rsa`) in the
    /// OpenSSH format that `ssh-keygen` writes. A passphrase-protected key needs `passphrase`
    /// (a wrong one throws `.noMatch`); an older PEM format is refused with a message saying so.
    public init(sshPrivateKey bytes: [UInt8], passphrase: String? = nil) throws {
        var secret = passphrase.map { Array($0.utf8) }
        defer { if secret != nil { SecretBytes.wipe(&secret!) } }
        self = try SSHPrivateKey.parse(bytes, passphrase: secret)
    }

    /// For a passphrase-protected OpenSSH key, its public half (stored in the clear), so a
    /// caller asks for the passphrase only when a file is encrypted to that key; nil when the
    /// key is not encrypted.
    public static func sshPrivateKeyLock(_ bytes: [UInt8]) throws -> AgeRecipient? {
        let envelope = try SSHPrivateKey.envelope(bytes)
        guard envelope.isEncrypted else { return nil }
        return AgeRecipient(ssh: try SSHPublicKey(wire: envelope.publicWire))
    }

    /// Whether `bytes` start like a PEM private key (`-----BEGIN …`), i.e. an ssh key file.
    public static func looksLikeSSHPrivateKey(_ bytes: [UInt8]) -> Bool {
        SSHPrivateKey.looksLikePEM(bytes)
    }

    /// The `AGE-SECRET-KEY-1…` string. Only for writing key files: it is the secret itself.
    /// Empty for ssh identities, whose secret stays in the ssh key file.
    public var secretKeyString: String {
        guard let secret else { return "" }
        return secret.withBytes { Bech32.encode(hrp: "AGE-SECRET-KEY-", data: $0) }.uppercased()
    }

    public var description: String { "<redacted age identity>" }

    /// Hides the secret from `dump` and debuggers' child views.
    public var customMirror: Mirror { Mirror(self, children: []) }

    private static func wrongPrefixMessage(_ hrp: String) -> String {
        switch hrp {
        case "age-secret-key-": return "age identities must be uppercase (AGE-SECRET-KEY-1…)"
        case "age", "AGE": return "this is an age recipient (public key), not an identity"
        default: return "not an age identity (expected AGE-SECRET-KEY-1…)"
        }
    }
}
