internal import COpenSSL

/// The AEAD ciphers this module exposes, mapped to their libcrypto implementations.
enum AEADCipher {
    case aes256GCM
    case chacha20Poly1305

    fileprivate var evp: OpaquePointer? {  // <const EVP_CIPHER>, static, not owned
        switch self {
        case .aes256GCM: return EVP_aes_256_gcm()
        case .chacha20Poly1305: return EVP_chacha20_poly1305()
        }
    }
}

/// Owns one `EVP_CIPHER_CTX`, used for exactly one AEAD seal or open.
final class CipherContext {
    private let context: OpaquePointer  // <EVP_CIPHER_CTX>, owned, freed in deinit
    private let operation: String

    /// Sets up `cipher` for encryption or decryption under `key` and `iv` (any non-zero IV
    /// length: sops uses 32-byte GCM IVs, sops-format.md §1, style-anchors §4).
    init(_ cipher: AEADCipher, encrypting: Bool, key: SecretBytes, iv: [UInt8], operation: String) throws {
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        self.context = context
        self.operation = operation
        let enc: Int32 = encrypting ? 1 : 0
        try ErrorQueue.check(EVP_CipherInit_ex(context, cipher.evp, nil, nil, nil, enc), operation)
        try control(EVP_CTRL_AEAD_SET_IVLEN, Int32(iv.count), nil)
        let rc = key.withCPointer { k, _ in iv.withCPointer { v, _ in EVP_CipherInit_ex(context, nil, nil, k, v, enc) } }
        try ErrorQueue.check(rc, operation)
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Feeds additional authenticated data; must come before any plaintext or ciphertext.
    func authenticate(_ aad: [UInt8]) throws {
        guard !aad.isEmpty else { return }
        var written: Int32 = 0
        let rc = aad.withCPointer { EVP_CipherUpdate(context, nil, &written, $0, Int32($1)) }
        try ErrorQueue.check(rc, operation)
    }

    /// Encrypts or decrypts `input`; GCM and ChaCha20-Poly1305 are stream modes, so the output
    /// has the input's length.
    func update(_ input: [UInt8]) throws -> [UInt8] {
        guard !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: input.count)
        var written: Int32 = 0
        let rc = input.withCPointer { p, n in output.withCMutablePointer { EVP_CipherUpdate(context, $0, &written, p, Int32(n)) } }
        try ErrorQueue.check(rc, operation)
        guard Int(written) == input.count else { throw CryptoError(.library(code: 0), "\(operation) returned a short block") }
        return output
    }

    /// Runs `EVP_CipherFinal_ex`; when decrypting, false means the tag did not verify.
    func finish() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 32)
        var written: Int32 = 0
        return scratch.withCMutablePointer { EVP_CipherFinal_ex(context, $0, &written) } > 0 && written == 0
    }

    /// The 16-byte tag, after a successful `finish()` of an encryption.
    func tag() throws -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: 16)
        try tag.withCMutablePointer { try control(EVP_CTRL_AEAD_GET_TAG, 16, $0) }
        return tag
    }

    /// Sets the expected 16-byte tag before `finish()` of a decryption.
    func expectTag(_ tag: [UInt8]) throws {
        var copy = tag  // the C parameter is non-const
        try copy.withCMutablePointer { try control(EVP_CTRL_AEAD_SET_TAG, 16, $0) }
    }

    private func control(_ type: Int32, _ arg: Int32, _ pointer: UnsafeMutableRawPointer?) throws {
        try ErrorQueue.check(EVP_CIPHER_CTX_ctrl(context, type, arg, pointer), operation)
    }
}
