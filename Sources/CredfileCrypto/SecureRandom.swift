/// The CSPRNG (`RAND_bytes`), for keys, salts, nonces and IVs.
public enum SecureRandom {
    /// `count` random bytes; an empty array for 0.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0 else { throw CryptoError(.invalidParameter, "random byte count is negative") }
        return try randBytes(count)
    }
}
