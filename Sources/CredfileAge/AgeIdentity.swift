import CredfileCrypto

/// An age X25519 identity: the secret key that decrypts files sent to its `recipient`.
///
/// The secret is kept in `SecretBytes`, as drawn (unclamped, age-format.md §5.1); printing an
/// identity shows `<redacted age identity>`.
public struct AgeIdentity: Sendable, CustomStringConvertible, CustomReflectable {
    let secret: SecretBytes
    /// The public half, for encrypting to this identity.
    public let recipient: AgeRecipient

    init(secret: SecretBytes) throws {
        self.secret = secret
        recipient = try AgeError.mapping { AgeRecipient(publicKey: try X25519.publicKey(privateKey: secret)) }
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

    /// The `AGE-SECRET-KEY-1…` string. Only for writing key files: it is the secret itself.
    public var secretKeyString: String {
        secret.withBytes { Bech32.encode(hrp: "AGE-SECRET-KEY-", data: $0) }.uppercased()
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
