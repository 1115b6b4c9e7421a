internal import COpenSSL

extension X25519 {
    /// `EVP_PKEY_derive` on an X25519 pair. libcrypto itself fails when the result is all-zero
    /// (a low-order peer, age-format.md §13), which the caller maps to `.lowOrderPoint`.
    static func derive(privateKey: SecretBytes, peer: [UInt8]) throws -> SecretBytes? {
        let context = try PKeyContext(deriving: try PKey.x25519(privateKey: privateKey))
        try context.setPeer(try PKey.x25519(publicKey: peer))
        guard let secret = context.derive(count: 32) else {
            ErrorQueue.clear()  // an expected failure: the caller reports it
            return nil
        }
        return secret
    }

    /// The raw public key of a raw private key.
    static func rawPublicKey(privateKey: SecretBytes) throws -> [UInt8] {
        try PKey.x25519(privateKey: privateKey).rawPublicKey()
    }
}

extension HKDF {
    /// `EVP_PKEY_HKDF` with the `set1`/`add1` setters, which copy their inputs and so avoid the
    /// OSSL_PARAM lifetime trap (age-format.md §13.1).
    static func deriveSHA256(key: SecretBytes, salt: [UInt8], info: [UInt8], count: Int) throws -> SecretBytes {
        let context = try PKeyContext(derivingWith: EVP_PKEY_HKDF)
        try context.configureHKDF(ikm: key, salt: salt, info: info)
        guard let output = context.derive(count: count) else { throw ErrorQueue.error("hkdf derive") }
        return output
    }
}

extension HMAC {
    /// One-shot `HMAC()`, not deprecated in OpenSSL 3.0 (age-format.md §13).
    static func oneShotSHA256(key: SecretBytes, message: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withCPointer { k, kn in
            message.withCPointer { m, mn in out.withCMutablePointer { COpenSSL.HMAC(EVP_sha256(), k, Int32(kn), m, mn, $0, &length) } }
        }
        guard result != nil, length == 32 else { throw ErrorQueue.error("hmac-sha256") }
        return out
    }
}

extension Digest {
    /// `EVP_Digest` with SHA-256 or SHA-512 (`sha512` selects the latter).
    static func evpDigest(_ bytes: [UInt8], sha512: Bool) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: sha512 ? 64 : 32)
        var length: UInt32 = 0
        let rc = bytes.withCPointer { p, n in
            out.withCMutablePointer { EVP_Digest(p, n, $0, &length, sha512 ? EVP_sha512() : EVP_sha256(), nil) }
        }
        // A fixed built-in digest fails only when memory runs out.
        guard rc == 1, Int(length) == out.count else { fatalError("EVP_Digest failed: out of memory") }
        return out
    }
}

extension Scrypt {
    /// `EVP_PBE_scrypt` with an explicit `maxmem` (age-format.md §13: 0 means 32 MiB, which
    /// refuses logN 18).
    static func pbeScrypt(passphrase: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, maxmem: UInt64, count: Int) throws -> SecretBytes {
        var out = [UInt8](repeating: 0, count: count)
        let rc = passphrase.withCPointer { pass, passLength in
            pass.withMemoryRebound(to: CChar.self, capacity: max(passLength, 1)) { passChars in
                salt.withCPointer { s, sn in
                    out.withCMutablePointer { EVP_PBE_scrypt(passChars, passLength, s, sn, n, r, p, maxmem, $0, count) }
                }
            }
        }
        guard rc == 1 else {
            Memory.cleanse(&out)
            throw ErrorQueue.error("scrypt")
        }
        return SecretBytes(wiping: &out)
    }
}
