/// One `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` token (sops-format.md §1.1).
///
/// `data` is the ciphertext without the tag (same length as the plaintext), `iv` is the GCM
/// nonce (sops writes 32 bytes but any non-zero length decrypts), `tag` is the 16-byte GCM tag.
public struct EncryptedValue: Sendable, Equatable {
    public var data: [UInt8]
    public var iv: [UInt8]
    public var tag: [UInt8]
    /// The sops type name: `str`, `int`, `float`, `bool`, `time` or `comment`.
    public var type: String

    public init(data: [UInt8], iv: [UInt8], tag: [UInt8], type: String) {
        self.data = data
        self.iv = iv
        self.tag = tag
        self.type = type
    }

    /// The type names sops 3.11 can decrypt. `bytes` exists in sops's code but crashes sops
    /// 3.11 on decrypt (sops-format.md §1.2), so it is rejected here.
    public static let knownTypes: Set<String> = ["str", "int", "float", "bool", "time", "comment"]

    /// True when `text` claims to be an encrypted value (sops decides by this prefix).
    public static func looksEncrypted(_ text: String) -> Bool { text.hasPrefix("ENC[") }

    /// Parses a token. Errors describe which part is wrong and never include the token.
    public init(parsing text: String) throws {
        guard text.hasPrefix("ENC[AES256_GCM,"), text.hasSuffix("]") else {
            throw Self.malformed("does not start with 'ENC[AES256_GCM,' and end with ']'")
        }
        let body = text.dropFirst("ENC[AES256_GCM,".count).dropLast()
        let fields = body.split(separator: ",", omittingEmptySubsequences: false)
        let names = ["data", "iv", "tag", "type"]
        guard fields.count == 4 else { throw Self.malformed("must have exactly data, iv, tag and type") }
        var parts: [Substring] = []
        for (field, name) in zip(fields, names) {
            guard field.hasPrefix(name + ":") else { throw Self.malformed("expected '\(name):'") }
            let value = field.dropFirst(name.count + 1)
            // An empty group fails sops's regex `(.+)`: an empty ciphertext is invalid (§1.1).
            guard !value.isEmpty else { throw Self.malformed("'\(name)' is empty") }
            parts.append(value)
        }
        guard let data = Base64.decode(parts[0]) else { throw Self.malformed("'data' is not padded base64") }
        guard let iv = Base64.decode(parts[1]) else { throw Self.malformed("'iv' is not padded base64") }
        guard let tag = Base64.decode(parts[2]) else { throw Self.malformed("'tag' is not padded base64") }
        guard tag.count == 16 else { throw Self.malformed("'tag' must be 16 bytes") }
        guard !iv.isEmpty else { throw Self.malformed("'iv' is empty") }
        let type = String(parts[3])
        guard Self.knownTypes.contains(type) else { throw Self.malformed("unknown type '\(type.prefix(16))'") }
        self.init(data: data, iv: iv, tag: tag, type: type)
    }

    /// The token as sops writes it.
    public var text: String {
        "ENC[AES256_GCM,data:\(Base64.encode(data)),iv:\(Base64.encode(iv)),tag:\(Base64.encode(tag)),type:\(type)]"
    }

    private static func malformed(_ why: String) -> CredfileError {
        CredfileError(.malformedSOPS, "malformed encrypted value: \(why)")
    }
}
