internal import COpenSSL

/// AES-256-CTR, the cipher of OpenSSH's passphrase-protected private keys (key-sources.md §5).
enum StreamCipher {
    static func aes256CTR(_ input: [UInt8], key: SecretBytes, iv: [UInt8]) throws -> [UInt8] {
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        defer { EVP_CIPHER_CTX_free(context) }
        let rc = key.withCPointer { k, _ in iv.withCPointer { v, _ in EVP_CipherInit_ex(context, EVP_aes_256_ctr(), nil, k, v, 0) } }
        try ErrorQueue.check(rc, "aes-256-ctr")
        guard !input.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: input.count)
        var written: Int32 = 0
        let update = input.withCPointer { p, n in output.withCMutablePointer { EVP_CipherUpdate(context, $0, &written, p, Int32(n)) } }
        try ErrorQueue.check(update, "aes-256-ctr")
        guard Int(written) == input.count else { throw CryptoError(.library(code: 0), "aes-256-ctr returned a short block") }
        return output
    }
}
