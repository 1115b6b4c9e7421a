/// The one error type of `CredfileCrypto`.
///
/// Messages name the operation and the reason only; they never contain key material,
/// plaintext or ciphertext.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// An AEAD tag did not verify (wrong key, wrong AAD, or tampered data).
        case authenticationFailure
        /// A key, nonce, tag or salt had the wrong length.
        case invalidParameter
        /// A Diffie-Hellman exchange produced the all-zero secret (a low-order point).
        case lowOrderPoint
        /// libcrypto reported an error; `code` is the first entry of its error queue.
        case library(code: UInt)
    }

    /// The failure class.
    public var kind: Kind
    /// Lowercase, no trailing period, free of key material and data.
    public var message: String

    /// An error of `kind`; `message` must follow the rules above.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message alone, so that printing an error cannot add anything else.
    public var description: String { message }
}
