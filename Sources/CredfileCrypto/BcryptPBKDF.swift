/// OpenBSD's `bcrypt_pbkdf`, the key derivation of OpenSSH's passphrase-protected private keys
/// (`kdfname "bcrypt"`, key-sources.md §5), and the AES-256-CTR they are encrypted with.
public enum BcryptPBKDF {
    /// `keyCount` bytes from `passphrase`, `salt` and `rounds` (OpenSSH: 16 rounds, 48 bytes
    /// for aes256-ctr's key and IV).
    public static func derive(passphrase: [UInt8], salt: [UInt8], rounds: Int, keyCount: Int) throws -> SecretBytes {
        guard rounds >= 1, (1...1024).contains(keyCount), !salt.isEmpty, salt.count <= 1 << 20 else {
            throw CryptoError(.invalidParameter, "invalid bcrypt_pbkdf parameters")
        }
        let stride = (keyCount + 31) / 32
        let amount = (keyCount + stride - 1) / stride
        let hashedPassphrase = Digest.sha512(passphrase)
        var key = [UInt8](repeating: 0, count: keyCount)
        var remaining = keyCount
        var count: UInt32 = 1
        while remaining > 0 {
            let counted = salt + [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
            var block = Blowfish.bcryptHash(hashedPassphrase, Digest.sha512(counted))
            var output = block
            for _ in 1..<rounds {
                block = Blowfish.bcryptHash(hashedPassphrase, Digest.sha512(block))
                for i in output.indices { output[i] ^= block[i] }
            }
            // The output bytes are spread across the key with `stride` (OpenBSD's comment: "so
            // that the first bytes of the key depend on every round").
            var written = 0
            for i in 0..<min(amount, remaining) {
                let destination = i * stride + Int(count - 1)
                if destination >= keyCount { break }
                key[destination] = output[i]
                written += 1
            }
            remaining -= written
            count += 1
        }
        return SecretBytes(wiping: &key)
    }

    /// Decrypts (or encrypts) with AES-256-CTR.
    public static func aes256CTR(_ data: [UInt8], key: SecretBytes, iv: [UInt8]) throws -> [UInt8] {
        guard key.count == 32, iv.count == 16 else { throw CryptoError(.invalidParameter, "aes-256-ctr needs a 32-byte key and 16-byte iv") }
        return try StreamCipher.aes256CTR(data, key: key, iv: iv)
    }
}

/// Blowfish with the "expensive key schedule" of bcrypt (eksblowfish), only as
/// `bcrypt_pbkdf` uses it. Pure arithmetic; the initial state is π's digits (`PiDigits`).
struct Blowfish {
    private static let initial = PiDigits.words(18 + 4 * 256)
    private var p: [UInt32]
    private var s: [UInt32]  // four boxes of 256, one after the other

    private init() {
        p = Array(Self.initial[0..<18])
        s = Array(Self.initial[18...])
    }

    /// OpenBSD's `bcrypt_hash`: 32 bytes from the SHA-512 of the passphrase and of the salt.
    static func bcryptHash(_ passphrase: [UInt8], _ salt: [UInt8]) -> [UInt8] {
        var state = Blowfish()
        state.expand(data: salt, key: passphrase)
        for _ in 0..<64 {
            state.expand(data: nil, key: salt)
            state.expand(data: nil, key: passphrase)
        }
        var j = 0
        let magic = Array("OxychromaticBlowfishSwatDynamite".utf8)
        var words = (0..<8).map { _ in Self.word(magic, &j) }
        for _ in 0..<64 {
            for block in 0..<4 {
                (words[2 * block], words[2 * block + 1]) = state.encipher(words[2 * block], words[2 * block + 1])
            }
        }
        // Each word little-endian.
        return words.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8 & 0xff), UInt8($0 >> 16 & 0xff), UInt8($0 >> 24)] }
    }

    /// `Blowfish_expandstate` (with `data`) or `Blowfish_expand0state` (without).
    private mutating func expand(data: [UInt8]?, key: [UInt8]) {
        var j = 0
        for i in 0..<18 { p[i] ^= Self.word(key, &j) }
        j = 0
        var left: UInt32 = 0, right: UInt32 = 0
        for i in Swift.stride(from: 0, to: 18, by: 2) {
            if let data {
                left ^= Self.word(data, &j)
                right ^= Self.word(data, &j)
            }
            (left, right) = encipher(left, right)
            p[i] = left
            p[i + 1] = right
        }
        for i in Swift.stride(from: 0, to: 1024, by: 2) {
            if let data {
                left ^= Self.word(data, &j)
                right ^= Self.word(data, &j)
            }
            (left, right) = encipher(left, right)
            s[i] = left
            s[i + 1] = right
        }
    }

    private func f(_ x: UInt32) -> UInt32 {
        ((s[Int(x >> 24)] &+ s[256 + Int(x >> 16 & 0xff)]) ^ s[512 + Int(x >> 8 & 0xff)]) &+ s[768 + Int(x & 0xff)]
    }

    private func encipher(_ xl: UInt32, _ xr: UInt32) -> (UInt32, UInt32) {
        var l = xl ^ p[0], r = xr
        for i in Swift.stride(from: 1, through: 16, by: 2) {
            r ^= f(l) ^ p[i]
            l ^= f(r) ^ p[i + 1]
        }
        return (r ^ p[17], l)
    }

    /// `Blowfish_stream2word`: four bytes big-endian, cycling through `data`.
    private static func word(_ data: [UInt8], _ j: inout Int) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            if j >= data.count { j = 0 }
            value = value << 8 | UInt32(data[j])
            j += 1
        }
        return value
    }
}
