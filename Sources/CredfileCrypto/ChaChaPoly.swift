/// ChaCha20-Poly1305 (RFC 8439) with a 32-byte key and a 12-byte nonce; the sealed form is
/// ciphertext || 16-byte tag, as age stores it (age-format.md §4, §8).
public enum ChaChaPoly {
    /// The tag length in bytes.
    public static let tagCount = 16

    /// Encrypts `plaintext` and appends the tag.
    public static func seal(_ plaintext: [UInt8], key: SecretBytes, nonce: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        try validate(key: key, nonce: nonce, length: plaintext.count, aad: aad)
        let sealed = try AEAD.seal(.chacha20Poly1305, plaintext, key: key, iv: nonce, aad: aad)
        return sealed.ciphertext + sealed.tag
    }

    /// Verifies and decrypts ciphertext || tag. Throws `.authenticationFailure` on any mismatch
    /// and `.invalidParameter` when `sealed` is shorter than a tag.
    public static func open(_ sealed: [UInt8], key: SecretBytes, nonce: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        try validate(key: key, nonce: nonce, length: sealed.count, aad: aad)
        guard sealed.count >= tagCount else {
            throw CryptoError(.invalidParameter, "chacha20-poly1305 input is shorter than a tag")
        }
        let split = sealed.count - tagCount
        return try AEAD.open(
            .chacha20Poly1305, Array(sealed[..<split]), tag: Array(sealed[split...]), key: key, iv: nonce, aad: aad)
    }

    private static func validate(key: SecretBytes, nonce: [UInt8], length: Int, aad: [UInt8]) throws {
        guard key.count == 32 else { throw CryptoError(.invalidParameter, "chacha20-poly1305 key must be 32 bytes") }
        guard nonce.count == 12 else { throw CryptoError(.invalidParameter, "chacha20-poly1305 nonce must be 12 bytes") }
        try checkLength(length, aad: aad, algorithm: "chacha20-poly1305")
    }
}
