/// An age X25519 recipient: the public key that files are encrypted to.
///
/// Its text form is lowercase Bech32 with the HRP `age` (`age1…`, age-format.md §2.2).
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    /// The raw 32-byte X25519 public key.
    public let publicKey: [UInt8]

    init(publicKey: [UInt8]) {
        self.publicKey = publicKey
    }

    /// Parses an `age1…` string. Like age 1.1.1, the uppercase spelling is rejected.
    /// The error message never repeats the input.
    public init(parsing text: String) throws {
        guard let (hrp, data) = Bech32.decode(text) else {
            throw AgeError(.invalidKey, "malformed age recipient")
        }
        guard hrp == "age" else { throw AgeError(.invalidKey, Self.wrongPrefixMessage(hrp)) }
        guard data.count == 32 else { throw AgeError(.invalidKey, "age recipient must hold 32 bytes") }
        publicKey = data
    }

    /// The canonical `age1…` form.
    public var description: String {
        Bech32.encode(hrp: "age", data: publicKey)
    }

    private static func wrongPrefixMessage(_ hrp: String) -> String {
        switch hrp {
        case "AGE": return "age recipients must be lowercase (age1…)"
        case "AGE-SECRET-KEY-", "age-secret-key-": return "this is an age identity (secret key), not a recipient"
        default: return "not an age recipient (expected age1…)"
        }
    }
}
