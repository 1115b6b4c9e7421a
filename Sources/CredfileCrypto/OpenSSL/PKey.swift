internal import COpenSSL

/// Owns one `EVP_PKEY` (an X25519 key).
final class PKey {
    let pointer: OpaquePointer  // <EVP_PKEY>, owned, freed in deinit

    /// Adopts a key returned at +1 by libcrypto.
    init(takingOwnership pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// Imports a raw 32-byte X25519 private key. Raw import keeps the bytes unclamped and
    /// libcrypto clamps internally, which reproduces age (age-format.md §5.1, §13).
    static func x25519(privateKey: SecretBytes) throws -> PKey {
        let key = privateKey.withCPointer { EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, $0, $1) }
        guard let key else { throw ErrorQueue.error("x25519 private key import") }
        return PKey(takingOwnership: key)
    }

    /// Imports a raw 32-byte X25519 public key (a u-coordinate; no validation, as age).
    static func x25519(publicKey: [UInt8]) throws -> PKey {
        let key = publicKey.withCPointer { EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, $0, $1) }
        guard let key else { throw ErrorQueue.error("x25519 public key import") }
        return PKey(takingOwnership: key)
    }

    /// The raw 32-byte public key.
    func rawPublicKey() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = out.count
        let rc = out.withCMutablePointer { EVP_PKEY_get_raw_public_key(pointer, $0, &length) }
        try ErrorQueue.check(rc, "x25519 public key export")
        return Array(out.prefix(length))
    }
}

/// Owns one `EVP_PKEY_CTX`, used for one derivation (X25519 agreement or HKDF).
final class PKeyContext {
    fileprivate let pointer: OpaquePointer  // <EVP_PKEY_CTX>, owned, freed in deinit
    private let key: PKey?  // keeps the EVP_PKEY alive for as long as the context uses it

    /// A derive context for `key` (X25519 agreement).
    init(deriving key: PKey) throws {
        guard let context = EVP_PKEY_CTX_new(key.pointer, nil) else { throw ErrorQueue.error("key context") }
        pointer = context
        self.key = key
        try ErrorQueue.check(EVP_PKEY_derive_init(context), "derive init")
    }

    /// A derive context for the algorithm `id` (e.g. `EVP_PKEY_HKDF`).
    init(derivingWith id: Int32) throws {
        guard let context = EVP_PKEY_CTX_new_id(id, nil) else { throw ErrorQueue.error("key context") }
        pointer = context
        key = nil
        try ErrorQueue.check(EVP_PKEY_derive_init(context), "derive init")
    }

    deinit { EVP_PKEY_CTX_free(pointer) }

    /// Sets the peer of a key agreement.
    func setPeer(_ peer: PKey) throws {
        try ErrorQueue.check(EVP_PKEY_derive_set_peer(pointer, peer.pointer), "derive set peer")
    }

    /// Configures HKDF-SHA256 (extract-and-expand, the default mode) with `ikm`, `salt`, `info`.
    func configureHKDF(ikm: SecretBytes, salt: [UInt8], info: [UInt8]) throws {
        try ErrorQueue.check(EVP_PKEY_CTX_set_hkdf_md(pointer, EVP_sha256()), "hkdf digest")
        // An empty salt equals 32 zero bytes (RFC 5869 §2.2, age-format.md §7): leave it unset.
        if !salt.isEmpty {
            try ErrorQueue.check(salt.withCPointer { EVP_PKEY_CTX_set1_hkdf_salt(pointer, $0, Int32($1)) }, "hkdf salt")
        }
        try ErrorQueue.check(ikm.withCPointer { EVP_PKEY_CTX_set1_hkdf_key(pointer, $0, Int32($1)) }, "hkdf key")
        if !info.isEmpty {
            try ErrorQueue.check(info.withCPointer { EVP_PKEY_CTX_add1_hkdf_info(pointer, $0, Int32($1)) }, "hkdf info")
        }
    }

    /// Runs the derivation; nil when libcrypto refuses (the caller decides what that means).
    func derive(count: Int) -> SecretBytes? {
        var out = [UInt8](repeating: 0, count: count)
        var length = count
        let rc = out.withCMutablePointer { EVP_PKEY_derive(pointer, $0, &length) }
        guard rc == 1, length == count else {
            Memory.cleanse(&out)
            return nil
        }
        return SecretBytes(wiping: &out)
    }
}
