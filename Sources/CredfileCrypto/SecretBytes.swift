/// Key material and other secrets: wiped when released, compared in constant time, and never
/// printed (`description` is `<redacted>`).
///
/// The bytes are immutable after `init` (the only mutation is the wipe in `deinit`), which is
/// why the class can be `Sendable`.
public final class SecretBytes: @unchecked Sendable, Equatable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    private var storage: [UInt8]

    /// Copies `bytes` into storage of its own, so that the wipe in `deinit` reaches it.
    public init(_ bytes: [UInt8]) {
        storage = bytes.map { $0 }
    }

    /// Copies `bytes` and then wipes the caller's array, for moving a freshly computed secret
    /// into `SecretBytes` without leaving a copy behind.
    public init(wiping bytes: inout [UInt8]) {
        storage = bytes.map { $0 }
        Memory.cleanse(&bytes)
    }

    /// `count` bytes from the CSPRNG.
    public static func random(count: Int) throws -> SecretBytes {
        var bytes = try SecureRandom.bytes(count)
        return SecretBytes(wiping: &bytes)
    }

    /// Overwrites `bytes` with zeros (`OPENSSL_cleanse`), for secret buffers that live outside
    /// `SecretBytes`, such as decrypted plaintext the caller is done with.
    public static func wipe(_ bytes: inout [UInt8]) {
        Memory.cleanse(&bytes)
    }

    deinit { Memory.cleanse(&storage) }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Lends the bytes to `body`. Do not let them escape: copies are not wiped.
    public func withBytes<R>(_ body: ([UInt8]) throws -> R) rethrows -> R {
        try body(storage)
    }

    /// Constant-time for equal lengths; the length itself is not treated as secret.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        constantTimeEquals(lhs.storage, rhs.storage)
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// No children, so `dump` and debuggers cannot show the bytes.
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// Constant-time comparison (`CRYPTO_memcmp`) for MACs and other secrets. Buffers of different
/// lengths are unequal at once: only the contents are protected, not the length.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return Memory.equalSameLength(a, b)
}
