internal import COpenSSL

/// RSA keys as `EVP_PKEY`s built from their integers (OpenSSL 3's `EVP_PKEY_fromdata`, no
/// deprecated `RSA_*` calls), and RSA-OAEP with SHA-256 for both the hash and MGF1, as Go's
/// `rsa.EncryptOAEP(sha256.New(), …)` (key-sources.md §4).
extension PKey {
    /// A public key from its big-endian modulus and exponent.
    static func rsa(modulus: [UInt8], exponent: [UInt8]) throws -> PKey {
        try fromData(selection: credfile_selection_public_key(), [("n", modulus), ("e", exponent)])
    }

    /// A private key from named integers (`n`, `e`, `d`, and the primes and CRT values).
    static func rsa(components: [(StaticString, [UInt8])]) throws -> PKey {
        try fromData(selection: credfile_selection_keypair(), components)
    }

    private static func fromData(selection: Int32, _ values: [(StaticString, [UInt8])]) throws -> PKey {
        guard let builder = OSSL_PARAM_BLD_new() else { fatalError("OSSL_PARAM_BLD_new: out of memory") }
        defer { OSSL_PARAM_BLD_free(builder) }
        let numbers = values.map { ($0.0, BigNum(bigEndian: $0.1)) }
        // The builder keeps the name pointers until `to_param`: static strings, never a
        // temporary bridged from a Swift String.
        for (name, number) in numbers {
            let rc = name.utf8Start.withMemoryRebound(to: CChar.self, capacity: name.utf8CodeUnitCount + 1) {
                OSSL_PARAM_BLD_push_BN(builder, $0, number.pointer)
            }
            try ErrorQueue.check(rc, "rsa key parameter")
        }
        guard let params = OSSL_PARAM_BLD_to_param(builder) else { throw ErrorQueue.error("rsa key parameters") }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw ErrorQueue.error("rsa key context") }
        defer { EVP_PKEY_CTX_free(context) }
        try ErrorQueue.check(EVP_PKEY_fromdata_init(context), "rsa key import")
        var key: OpaquePointer?
        try ErrorQueue.check(EVP_PKEY_fromdata(context, &key, selection, params), "rsa key import")
        guard let key else { throw ErrorQueue.error("rsa key import") }
        return PKey(takingOwnership: key)
    }

    /// The modulus size in bytes.
    var size: Int { Int(EVP_PKEY_get_size(pointer)) }

    /// RSA-OAEP-SHA256 encryption of `message` with `label`.
    func oaepEncrypt(_ message: SecretBytes, label: [UInt8]) throws -> [UInt8] {
        let context = try oaepContext(encrypting: true, label: label)
        defer { EVP_PKEY_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: size)
        var length = out.count
        let rc = message.withCPointer { m, n in out.withCMutablePointer { EVP_PKEY_encrypt(context, $0, &length, m, n) } }
        try ErrorQueue.check(rc, "rsa-oaep encrypt")
        return Array(out.prefix(length))
    }

    /// RSA-OAEP-SHA256 decryption; nil when the ciphertext does not decrypt under this key.
    func oaepDecrypt(_ ciphertext: [UInt8], label: [UInt8]) throws -> SecretBytes? {
        let context = try oaepContext(encrypting: false, label: label)
        defer { EVP_PKEY_CTX_free(context) }
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var length = out.count
        let rc = ciphertext.withCPointer { c, n in out.withCMutablePointer { EVP_PKEY_decrypt(context, $0, &length, c, n) } }
        guard rc == 1 else {
            Memory.cleanse(&out)
            ErrorQueue.clear()  // expected: the padding check failed
            return nil
        }
        var message = Array(out.prefix(length))
        Memory.cleanse(&out)
        return SecretBytes(wiping: &message)
    }

    private func oaepContext(encrypting: Bool, label: [UInt8]) throws -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new(pointer, nil) else { throw ErrorQueue.error("rsa context") }
        do {
            try ErrorQueue.check(encrypting ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context), "rsa init")
            try ErrorQueue.check(EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING), "rsa padding")
            try ErrorQueue.check(EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha256()), "rsa oaep digest")
            try ErrorQueue.check(EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()), "rsa mgf1 digest")
            // set0 takes ownership of a libcrypto-allocated copy of the label.
            guard let copy = label.withCPointer({ CRYPTO_memdup($0, $1, nil, 0) }) else { fatalError("out of memory") }
            let rc = EVP_PKEY_CTX_set0_rsa_oaep_label(context, copy, Int32(label.count))
            if rc != 1 { credfile_openssl_free(copy) }
            try ErrorQueue.check(rc, "rsa oaep label")
        } catch {
            EVP_PKEY_CTX_free(context)
            throw error
        }
        return context
    }
}
