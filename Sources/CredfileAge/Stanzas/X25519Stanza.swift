import CredfileCrypto

/// The `X25519` stanza: `-> X25519 <b64raw(ephemeral share)>` and the wrapped file key
/// (age-format.md §5).
enum X25519Stanza {
    static let type = "X25519"
    private static let label = Array("age-encryption.org/v1/X25519".utf8)

    /// Wraps `fileKey` to `recipient` with the single-use ephemeral secret `ephemeral`.
    static func wrap(_ fileKey: SecretBytes, to recipient: AgeRecipient, ephemeral: SecretBytes) throws -> Stanza {
        let share = try X25519.publicKey(privateKey: ephemeral)
        let shared: SecretBytes
        do {
            shared = try X25519.sharedSecret(privateKey: ephemeral, peer: recipient.publicKey)
        } catch let error as CryptoError where error.kind == .lowOrderPoint {
            throw AgeError(.invalidKey, "age recipient is a low-order point")
        }
        let wrapKey = try HKDF.sha256(key: shared, salt: share + recipient.publicKey, info: label, count: 32)
        return Stanza(arguments: [type, Base64.encodeRaw(share)], body: try FileKeyWrap.seal(fileKey, with: wrapKey))
    }

    /// The file key if `stanza` is an X25519 stanza for the identity `secret` (whose public key
    /// is `ourPublic`); nil if it is another type
    /// or for another identity. A malformed X25519 stanza or a low-order share is fatal (§5.3).
    static func unwrap(_ stanza: Stanza, secret: SecretBytes, ourPublic: [UInt8]) throws -> SecretBytes? {
        guard stanza.type == type else { return nil }
        guard stanza.arguments.count == 2 else { throw HeaderParser.failure("x25519 stanza needs one argument") }
        guard let share = Base64.decodeRaw(stanza.arguments[1].utf8), share.count == 32 else {
            throw HeaderParser.failure("invalid x25519 ephemeral share")
        }
        // Checked before any decryption: the partitioning-oracle rule (§5.3).
        guard stanza.body.count == FileKeyWrap.bodySize else { throw HeaderParser.failure("invalid x25519 body size") }
        let shared: SecretBytes
        do {
            shared = try X25519.sharedSecret(privateKey: secret, peer: share)
        } catch let error as CryptoError where error.kind == .lowOrderPoint {
            throw HeaderParser.failure("x25519 share is a low-order point")
        }
        let salt = share + ourPublic
        let wrapKey = try HKDF.sha256(key: shared, salt: salt, info: label, count: 32)
        return try FileKeyWrap.open(stanza.body, with: wrapKey)
    }
}
