/// RSA-OAEP with SHA-256 (hash and MGF1), the wrapping of age's `ssh-rsa` stanza
/// (key-sources.md §4).
public enum RSAOAEP {
    /// An RSA public key: big-endian modulus and exponent.
    public struct PublicKey: Sendable, Hashable {
        public let modulus: [UInt8]
        public let exponent: [UInt8]

        public init(modulus: [UInt8], exponent: [UInt8]) {
            self.modulus = Array(modulus.drop { $0 == 0 })
            self.exponent = Array(exponent.drop { $0 == 0 })
        }

        /// The modulus size in bits.
        public var bits: Int {
            guard let first = modulus.first else { return 0 }
            return modulus.count * 8 - first.leadingZeroBitCount
        }
    }

    /// An RSA private key as OpenSSH stores it (n, e, d, iqmp, p, q), big-endian.
    public struct PrivateKey: Sendable {
        public let publicKey: PublicKey
        let d: SecretBytes
        let p: SecretBytes
        let q: SecretBytes
        let iqmp: SecretBytes

        public init(publicKey: PublicKey, d: SecretBytes, p: SecretBytes, q: SecretBytes, iqmp: SecretBytes) {
            self.publicKey = publicKey
            self.d = d
            self.p = p
            self.q = q
            self.iqmp = iqmp
        }
    }

    /// Encrypts `message` (a file key) to `key` under `label`.
    public static func encrypt(_ message: SecretBytes, to key: PublicKey, label: [UInt8]) throws -> [UInt8] {
        try PKey.rsa(modulus: key.modulus, exponent: key.exponent).oaepEncrypt(message, label: label)
    }

    /// Decrypts; nil when the ciphertext was not made for this key and label.
    public static func decrypt(_ ciphertext: [UInt8], with key: PrivateKey, label: [UInt8]) throws -> SecretBytes? {
        let pkey = try key.d.withBytes { d in
            try key.p.withBytes { p in
                try key.q.withBytes { q in
                    try key.iqmp.withBytes { iqmp in
                        try PKey.rsa(components: [
                            ("n", key.publicKey.modulus), ("e", key.publicKey.exponent), ("d", d),
                            ("rsa-factor1", p), ("rsa-factor2", q), ("rsa-coefficient1", iqmp),
                        ])
                    }
                }
            }
        }
        return try pkey.oaepDecrypt(ciphertext, label: label)
    }
}
