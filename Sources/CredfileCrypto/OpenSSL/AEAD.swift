/// One-shot AEAD seal and open over `CipherContext` (age-format.md §13, §14).
enum AEAD {
    /// Encrypts `plaintext` and returns the ciphertext (same length) and the 16-byte tag.
    static func seal(
        _ cipher: AEADCipher, _ plaintext: [UInt8], key: SecretBytes, iv: [UInt8], aad: [UInt8]
    ) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        let context = try CipherContext(cipher, encrypting: true, key: key, iv: iv, operation: "aead seal")
        try context.authenticate(aad)
        let ciphertext = try context.update(plaintext)
        guard context.finish() else { throw ErrorQueue.error("aead seal") }
        return (ciphertext, try context.tag())
    }

    /// Decrypts and verifies; the plaintext is wiped and never returned if the tag fails.
    static func open(
        _ cipher: AEADCipher, _ ciphertext: [UInt8], tag: [UInt8], key: SecretBytes, iv: [UInt8], aad: [UInt8]
    ) throws -> [UInt8] {
        let context = try CipherContext(cipher, encrypting: false, key: key, iv: iv, operation: "aead open")
        try context.authenticate(aad)
        // EVP_DecryptUpdate writes plaintext before the tag is checked (age-format.md §13).
        var plaintext = try context.update(ciphertext)
        try context.expectTag(tag)
        guard context.finish() else {
            Memory.cleanse(&plaintext)
            ErrorQueue.clear()
            throw CryptoError(.authenticationFailure, "message authentication failed")
        }
        return plaintext
    }
}
