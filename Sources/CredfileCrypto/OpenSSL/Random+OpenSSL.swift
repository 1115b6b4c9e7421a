internal import COpenSSL

extension SecureRandom {
    /// Fills a fresh array from libcrypto's CSPRNG (`RAND_bytes`, age-format.md §13).
    static func randBytes(_ count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        guard let length = Int32(exactly: count) else {
            throw CryptoError(.invalidParameter, "random byte count is too large")
        }
        var out = [UInt8](repeating: 0, count: count)
        let rc = out.withCMutablePointer { RAND_bytes($0, length) }
        try ErrorQueue.check(rc, "random generation")
        return out
    }
}
