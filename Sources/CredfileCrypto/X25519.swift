/// X25519 Diffie-Hellman (RFC 7748) on raw 32-byte keys.
public enum X25519 {
    /// The public key (X25519(k, 9)) of a raw private key. The private bytes are used as given,
    /// unclamped; clamping happens inside the scalar multiplication (age-format.md §5.1).
    public static func publicKey(privateKey: SecretBytes) throws -> [UInt8] {
        try checkCount(privateKey.count, "x25519 private key")
        return try rawPublicKey(privateKey: privateKey)
    }

    /// The shared secret with `peer`. Throws `.lowOrderPoint` when the result would be all-zero
    /// (libcrypto refuses such a derivation, and we double-check: age-format.md §5.3, §13).
    public static func sharedSecret(privateKey: SecretBytes, peer: [UInt8]) throws -> SecretBytes {
        try checkCount(privateKey.count, "x25519 private key")
        try checkCount(peer.count, "x25519 public key")
        guard let secret = try derive(privateKey: privateKey, peer: peer),
            !secret.withBytes({ constantTimeEquals($0, [UInt8](repeating: 0, count: 32)) })
        else { throw CryptoError(.lowOrderPoint, "x25519 peer key is a low-order point") }
        return secret
    }

    private static func checkCount(_ count: Int, _ what: String) throws {
        guard count == 32 else { throw CryptoError(.invalidParameter, "\(what) must be 32 bytes") }
    }
}
