import CredfileCrypto

/// The one wrapping every native stanza uses: ChaCha20-Poly1305 of the 16-byte file key under a
/// single-use wrap key with the all-zero nonce, giving a 32-byte body (age-format.md §4).
enum FileKeyWrap {
    static let fileKeySize = 16
    static let bodySize = 32
    private static let zeroNonce = [UInt8](repeating: 0, count: 12)

    static func seal(_ fileKey: SecretBytes, with wrapKey: SecretBytes) throws -> [UInt8] {
        try fileKey.withBytes { try ChaChaPoly.seal($0, key: wrapKey, nonce: zeroNonce) }
    }

    /// The file key, or nil when the tag does not verify (the stanza is not for this key).
    static func open(_ body: [UInt8], with wrapKey: SecretBytes) throws -> SecretBytes? {
        do {
            var fileKey = try ChaChaPoly.open(body, key: wrapKey, nonce: zeroNonce)
            return SecretBytes(wiping: &fileKey)
        } catch let error as CryptoError where error.kind == .authenticationFailure {
            return nil
        }
    }
}
