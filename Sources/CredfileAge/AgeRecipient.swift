/// A recipient of sops's `age:` list: an age X25519 public key (`age1…`), or, as sops 3.11
/// and age allow, an ssh public key (`ssh-ed25519 …`, `ssh-rsa …`; key-sources.md §2–5).
///
/// Its text form (`description`) is what sops writes as `recipient:` — lowercase Bech32 for
/// X25519 (§2.2); for ssh keys the authorized_keys line as given, comment included.
public struct AgeRecipient: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case x25519([UInt8])
        case ssh(SSHPublicKey)
    }

    let kind: Kind
    /// The text form, as sops stores it.
    public let description: String

    init(publicKey: [UInt8]) {
        kind = .x25519(publicKey)
        description = Bech32.encode(hrp: "age", data: publicKey)
    }

    init(ssh: SSHPublicKey, text: String? = nil) {
        kind = .ssh(ssh)
        description = text ?? ssh.authorizedKey
    }

    /// The raw 32-byte X25519 public key: an `age1…` key's own, an ssh-ed25519 key's X25519
    /// form; empty for ssh-rsa.
    public var publicKey: [UInt8] {
        switch kind {
        case .x25519(let key): key
        case .ssh(let ssh):
            if case .ed25519(_, let montgomery) = ssh.key { montgomery } else { [] }
        }
    }

    /// Whether both are the same key, whatever their text (an ssh key's comment differs).
    public func isSameKey(as other: AgeRecipient) -> Bool { kind == other.kind }

    /// Whether this is an ssh key rather than a native age key.
    public var isSSH: Bool {
        if case .ssh = kind { true } else { false }
    }

    /// Parses an `age1…` string or, like sops (`strings.HasPrefix(recipient, "ssh-")`), an ssh
    /// public key line. Surrounding white space is dropped, as sops's `MasterKeyFromRecipient`
    /// does. Like age 1.1.1, the uppercase `AGE1…` spelling is rejected. The error message
    /// never repeats the input.
    public init(parsing text: String) throws {
        let trimmed = Self.trimmed(text)
        if trimmed.hasPrefix("ssh-") {
            self.init(ssh: try SSHPublicKey(authorizedKey: trimmed), text: trimmed)
            return
        }
        if trimmed.hasPrefix("ecdsa-sha2-") || trimmed.hasPrefix("sk-") {
            // Public keys that age (and so sops) cannot encrypt to: say that, not "malformed".
            throw AgeError(.invalidKey, "age encrypts only to ssh-ed25519 and ssh-rsa keys, not to ecdsa or security-key (sk-) keys")
        }
        guard let (hrp, data) = Bech32.decode(trimmed) else {
            throw AgeError(.invalidKey, "malformed age recipient")
        }
        guard hrp == "age" else { throw AgeError(.invalidKey, Self.wrongPrefixMessage(hrp)) }
        guard data.count == 32 else { throw AgeError(.invalidKey, "age recipient must hold 32 bytes") }
        self.init(publicKey: data)
    }

    /// Go's `strings.TrimSpace` for ASCII white space, without Foundation. On UTF-8 bytes, not
    /// Characters: key-less `validate` parses every recipient of every file, and walking
    /// graphemes backwards cost a sixth of its time at 10,000 files; bytes also trim a final
    /// CRLF, which is one Character that equals neither "\r" nor "\n".
    private static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        // Both ends fall on scalar boundaries: only ASCII bytes are dropped.
        let end = bytes.index(after: bytes.lastIndex(where: { !isSpace($0) })!)
        if first == bytes.startIndex && end == bytes.endIndex { return text }
        return String(text[first..<end])
    }

    private static func wrongPrefixMessage(_ hrp: String) -> String {
        switch hrp {
        case "AGE": return "age recipients must be lowercase (age1…)"
        case "AGE-SECRET-KEY-", "age-secret-key-": return "this is an age identity (secret key), not a recipient"
        default: return "not an age recipient (expected age1… or an ssh-ed25519/ssh-rsa public key)"
        }
    }
}
