import CredfileCrypto

/// The age payload: STREAM over ChaCha20-Poly1305 in 64 KiB chunks (age-format.md §8).
enum PayloadStream {
    static let chunkSize = 65536
    static let sealedChunkSize = chunkSize + ChaChaPoly.tagCount
    static let nonceSize = 16

    /// HKDF-SHA256(file key, salt = payload nonce, info = "payload").
    static func key(fileKey: SecretBytes, nonce: [UInt8]) throws -> SecretBytes {
        try HKDF.sha256(key: fileKey, salt: nonce, info: Array("payload".utf8), count: 32)
    }

    /// The 12-byte chunk nonce: an 88-bit big-endian index, then 0x01 for the final chunk.
    static func chunkNonce(index: UInt64, final: Bool) -> [UInt8] {
        [0, 0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: index >> (56 - 8 * UInt64($0))) } + [final ? 1 : 0]
    }

    /// Encrypts `plaintext`. An empty plaintext is one empty final chunk; otherwise the last
    /// chunk holds 1...65536 bytes, and no empty chunk is ever appended.
    static func seal(_ plaintext: [UInt8], key: SecretBytes) throws -> [UInt8] {
        let count = max(1, (plaintext.count + chunkSize - 1) / chunkSize)
        var out: [UInt8] = []
        out.reserveCapacity(plaintext.count + count * ChaChaPoly.tagCount)
        for index in 0..<count {
            let chunk = Array(plaintext[index * chunkSize..<min((index + 1) * chunkSize, plaintext.count)])
            let nonce = chunkNonce(index: UInt64(index), final: index == count - 1)
            out += try ChaChaPoly.seal(chunk, key: key, nonce: nonce)
        }
        return out
    }

    /// Decrypts the chunks that follow the nonce. The whole payload is in memory, so "final"
    /// is decided by position: only the last chunk may be short or flagged final, it must not
    /// be empty unless it is the only one, and nothing may follow it (§8).
    static func open(_ sealed: ArraySlice<UInt8>, key: SecretBytes) throws -> [UInt8] {
        guard !sealed.isEmpty else { throw failure("no chunks after the nonce") }
        let count = (sealed.count + sealedChunkSize - 1) / sealedChunkSize
        var plaintext: [UInt8] = []
        do {
            for index in 0..<count {
                plaintext += try openChunk(sealed, index: index, count: count, key: key)
            }
        } catch {
            SecretBytes.wipe(&plaintext)  // never release part of an unverified payload
            throw error
        }
        return plaintext
    }

    private static func openChunk(_ sealed: ArraySlice<UInt8>, index: Int, count: Int, key: SecretBytes) throws -> [UInt8] {
        let start = sealed.startIndex + index * sealedChunkSize
        let chunk = Array(sealed[start..<min(start + sealedChunkSize, sealed.endIndex)])
        let final = index == count - 1
        guard chunk.count >= ChaChaPoly.tagCount else { throw failure("truncated chunk") }
        guard !(final && count > 1 && chunk.count == ChaChaPoly.tagCount) else {
            throw failure("empty final chunk")
        }
        do {
            return try ChaChaPoly.open(chunk, key: key, nonce: chunkNonce(index: UInt64(index), final: final))
        } catch let error as CryptoError where error.kind == .authenticationFailure {
            throw failure("chunk \(index) does not authenticate")
        }
    }

    private static func failure(_ reason: String) -> AgeError {
        AgeError(.payloadFailure, "damaged age payload: \(reason)")
    }
}
