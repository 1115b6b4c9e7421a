internal import COpenSSL

/// Pointer plumbing and the two secret-handling primitives: `OPENSSL_cleanse` and
/// `CRYPTO_memcmp` (age-format.md §13).
enum Memory {
    /// Overwrites every byte of `bytes` with zeros in a way the optimizer may not remove.
    static func cleanse(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            OPENSSL_cleanse(base, buffer.count)
        }
    }

    /// Constant-time equality of two buffers of the same length.
    static func equalSameLength(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        precondition(a.count == b.count, "equalSameLength needs equal lengths")
        return a.withCPointer { pa, n in b.withCPointer { pb, _ in CRYPTO_memcmp(pa, pb, n) == 0 } }
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with a pointer that is never nil, even for an empty array, because some
    /// libcrypto entry points reject NULL although the length is zero.
    func withCPointer<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        if isEmpty {
            return try withUnsafePointer(to: UInt8(0)) { try body($0, 0) }
        }
        return try withUnsafeBufferPointer { try body($0.baseAddress!, $0.count) }
    }

    /// Calls `body` with a pointer to a non-empty array's storage, for libcrypto to write into.
    mutating func withCMutablePointer<R>(_ body: (UnsafeMutablePointer<UInt8>) throws -> R) rethrows -> R {
        precondition(!isEmpty, "output buffers are never empty")
        return try withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }
}

extension SecretBytes {
    /// `withBytes` for C calls: a never-nil pointer and the length.
    func withCPointer<R>(_ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withBytes { try $0.withCPointer(body) }
    }
}
