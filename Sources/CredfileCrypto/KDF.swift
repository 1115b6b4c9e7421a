/// HKDF (RFC 5869), extract-and-expand.
public enum HKDF {
    /// HKDF-SHA256 of `key` (the input keying material). An empty `salt` means 32 zero bytes,
    /// as the RFC says (age-format.md §7 relies on it). `count` is at most 255 × 32.
    public static func sha256(key: SecretBytes, salt: [UInt8], info: [UInt8], count: Int) throws -> SecretBytes {
        guard (1...(255 * 32)).contains(count) else {
            throw CryptoError(.invalidParameter, "hkdf output length must be 1...8160 bytes")
        }
        guard key.count > 0 else { throw CryptoError(.invalidParameter, "hkdf key must not be empty") }
        return try deriveSHA256(key: key, salt: salt, info: info, count: count)
    }
}

/// HMAC (RFC 2104).
public enum HMAC {
    /// HMAC-SHA256 of `message` under `key`; compare results with `constantTimeEquals`.
    public static func sha256(key: SecretBytes, message: [UInt8]) throws -> [UInt8] {
        guard key.count <= Int(Int32.max) else { throw CryptoError(.invalidParameter, "hmac key is too large") }
        return try oneShotSHA256(key: key, message: message)
    }
}

/// Message digests.
public enum Digest {
    /// SHA-256 (32 bytes).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { evpDigest(bytes, sha512: false) }
    /// SHA-512 (64 bytes); sops' MAC is SHA-512.
    public static func sha512(_ bytes: [UInt8]) -> [UInt8] { evpDigest(bytes, sha512: true) }
}

/// scrypt (RFC 7914), the passphrase KDF of age's scrypt stanza (age-format.md §6).
public enum Scrypt {
    /// Derives `count` bytes with N = 2^logN. Memory use is about 128·r·N bytes; the limit
    /// handed to libcrypto is computed from the parameters, because its default (32 MiB)
    /// refuses age's logN 18 (age-format.md §13 pitfall).
    public static func derive(
        passphrase: [UInt8], salt: [UInt8], logN: Int, r: Int = 8, p: Int = 1, count: Int = 32
    ) throws -> SecretBytes {
        guard (1...62).contains(logN), r > 0, p > 0, count > 0 else {
            throw CryptoError(.invalidParameter, "scrypt parameters are out of range")
        }
        let n = UInt64(1) << UInt64(logN)
        guard let maxmem = memoryLimit(n: n, r: UInt64(r), p: UInt64(p)) else {
            throw CryptoError(.invalidParameter, "scrypt parameters need too much memory")
        }
        return try pbeScrypt(
            passphrase: passphrase, salt: salt, n: n, r: UInt64(r), p: UInt64(p), maxmem: maxmem, count: count)
    }

    /// OpenSSL's own bound, 128·r·(N+2) + 128·r·p, plus 64 KiB of slack; nil on overflow.
    static func memoryLimit(n: UInt64, r: UInt64, p: UInt64) -> UInt64? {
        let (block, o1) = (128 as UInt64).multipliedReportingOverflow(by: r)
        let (vector, o2) = block.multipliedReportingOverflow(by: n + 2)
        let (parallel, o3) = block.multipliedReportingOverflow(by: p)
        let (sum, o4) = vector.addingReportingOverflow(parallel)
        let (total, o5) = sum.addingReportingOverflow(64 * 1024)
        return o1 || o2 || o3 || o4 || o5 ? nil : total
    }
}
