import CredfileCrypto

/// Where encryption draws its randomness. Tests inject fixed bytes to reproduce the
/// deterministic vectors of age-format.md §12.2, which consume, in order: the file key (16),
/// per stanza the X25519 ephemeral secret (32) or the scrypt salt (16), then the payload
/// nonce (16).
protocol RandomSource {
    func secretBytes(_ count: Int) throws -> SecretBytes
}

/// The CSPRNG; the only source used outside tests.
struct SystemRandom: RandomSource {
    func secretBytes(_ count: Int) throws -> SecretBytes {
        try SecretBytes.random(count: count)
    }
}
