/// AES-256-GCM with a 32-byte key, a 16-byte tag and an IV of any non-zero length (sops
/// writes 32-byte IVs, style-anchors §4; 12 bytes is the usual choice elsewhere).
public enum AESGCM {
    /// The key length in bytes.
    public static let keyCount = 32
    /// The tag length in bytes.
    public static let tagCount = 16

    /// Encrypts `plaintext`, authenticating `aad` too. Never reuse an IV under the same key.
    public static func seal(
        _ plaintext: [UInt8], key: SecretBytes, iv: [UInt8], aad: [UInt8]
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        try validate(key: key, iv: iv, length: plaintext.count, aad: aad)
        return try AEAD.seal(.aes256GCM, plaintext, key: key, iv: iv, aad: aad)
    }

    /// Decrypts and verifies. Throws `.authenticationFailure` on a wrong key, IV, AAD or tag;
    /// no plaintext is ever released unverified.
    public static func open(
        _ ciphertext: [UInt8], tag: [UInt8], key: SecretBytes, iv: [UInt8], aad: [UInt8]
    ) throws -> [UInt8] {
        try validate(key: key, iv: iv, length: ciphertext.count, aad: aad)
        guard tag.count == tagCount else { throw CryptoError(.invalidParameter, "aes-gcm tag must be 16 bytes") }
        return try AEAD.open(.aes256GCM, ciphertext, tag: tag, key: key, iv: iv, aad: aad)
    }

    private static func validate(key: SecretBytes, iv: [UInt8], length: Int, aad: [UInt8]) throws {
        guard key.count == keyCount else { throw CryptoError(.invalidParameter, "aes-gcm key must be 32 bytes") }
        guard !iv.isEmpty, iv.count <= Int(Int32.max) else {
            throw CryptoError(.invalidParameter, "aes-gcm iv must not be empty")
        }
        try checkLength(length, aad: aad, algorithm: "aes-gcm")
    }
}

/// libcrypto takes `int` lengths.
func checkLength(_ length: Int, aad: [UInt8], algorithm: String) throws {
    guard length <= Int(Int32.max), aad.count <= Int(Int32.max) else {
        throw CryptoError(.invalidParameter, "\(algorithm) input is too large")
    }
}
