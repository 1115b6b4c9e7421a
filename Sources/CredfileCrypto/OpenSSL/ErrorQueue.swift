internal import COpenSSL

/// Turns libcrypto's thread-local error queue into `CryptoError`s (swift-nio-ssl's
/// `buildErrorStack`, style-anchors §4).
enum ErrorQueue {
    /// Empties the queue and returns an error for `operation` carrying its first entry.
    ///
    /// The reason text comes from libcrypto's static tables, so it never holds caller data.
    static func error(_ operation: String) -> CryptoError {
        let first = ERR_get_error()
        var next = first
        while next != 0 { next = ERR_get_error() }
        let reason = ERR_reason_error_string(first).map { String(cString: $0) } ?? "unknown reason"
        return CryptoError(.library(code: UInt(first)), "\(operation) failed: \(reason)")
    }

    /// Throws the drained queue unless `rc` is libcrypto's success value 1.
    static func check(_ rc: Int32, _ operation: String) throws {
        guard rc == 1 else { throw error(operation) }
    }

    /// Forgets the entries left by an *expected* failure (a tag mismatch, a low-order point),
    /// so a later, unrelated failure is not blamed on them.
    static func clear() {
        ERR_clear_error()
    }
}
