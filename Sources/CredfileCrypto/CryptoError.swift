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

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
