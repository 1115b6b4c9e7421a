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
        var utf8 = text.utf8
        let parsed = utf8.withContiguousStorageIfAvailable { Self.parse(Array($0)) } ?? Self.parse(Array(text.utf8))
        self = try parsed.get()
    }

    private static let prefix = Array("ENC[AES256_GCM,".utf8)
    private static let names = ["data", "iv", "tag", "type"].map { Array(($0 + ":").utf8) }

    /// Splits on the three commas and decodes each field, on bytes (this runs for every value
    /// `validate` reads, so no String slicing).
    private static func parse(_ bytes: [UInt8]) -> Result<EncryptedValue, CredfileError> {
        guard bytes.starts(with: prefix), bytes.last == UInt8(ascii: "]") else {
            return .failure(malformed("does not start with 'ENC[AES256_GCM,' and end with ']'"))
        }
        var fields: [ArraySlice<UInt8>] = []
        var start = prefix.count
        for i in prefix.count..<(bytes.count - 1) where bytes[i] == UInt8(ascii: ",") {
            fields.append(bytes[start..<i])
            start = i + 1
        }
        fields.append(bytes[start..<(bytes.count - 1)])
        guard fields.count == 4 else { return .failure(malformed("must have exactly data, iv, tag and type")) }
        var values: [ArraySlice<UInt8>] = []
        for (field, name) in zip(fields, names) {
            let label = String(decoding: name.dropLast(), as: UTF8.self)
            guard field.starts(with: name) else { return .failure(malformed("expected '\(label):'")) }
            let value = field.dropFirst(name.count)
            // An empty group fails sops's regex `(.+)`: an empty ciphertext is invalid (§1.1).
            guard !value.isEmpty else { return .failure(malformed("'\(label)' is empty")) }
            values.append(value)
        }
        return decodeFields(values)
    }

    private static func decodeFields(_ values: [ArraySlice<UInt8>]) -> Result<EncryptedValue, CredfileError> {
        guard let data = Base64.decode(bytes: values[0]) else { return .failure(malformed("'data' is not padded base64")) }
        guard let iv = Base64.decode(bytes: values[1]) else { return .failure(malformed("'iv' is not padded base64")) }
        guard let tag = Base64.decode(bytes: values[2]) else { return .failure(malformed("'tag' is not padded base64")) }
        guard tag.count == 16 else { return .failure(malformed("'tag' must be 16 bytes")) }
        let type = String(decoding: values[3], as: UTF8.self)
        guard knownTypes.contains(type) else { return .failure(malformed("unknown type '\(type.prefix(16))'")) }
        return .success(EncryptedValue(data: data, iv: iv, tag: tag, type: type))
    }

    /// The token as sops writes it.
    public var text: String {
        "ENC[AES256_GCM,data:\(Base64.encode(data)),iv:\(Base64.encode(iv)),tag:\(Base64.encode(tag)),type:\(type)]"
    }

    private static func malformed(_ why: String) -> CredfileError {
        CredfileError(.malformedSOPS, "malformed encrypted value: \(why)")
    }
}
