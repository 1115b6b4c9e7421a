/// The one error type of `CredfileAge`.
///
/// The kinds are the failure classes of the age specification (and of the CCTV testkit), so
/// a caller can tell "this identity is not a recipient" from "this file is damaged".
/// Messages never contain key material or payload bytes.
public struct AgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failure class.
    public enum Kind: Sendable, Equatable {
        /// The ASCII armor is malformed.
        case armorFailure
        /// The binary header is malformed (bad version line, stanza, base64, MAC line, nonce).
        case headerFailure
        /// No identity could unwrap the file key.
        case noMatch
        /// The header MAC did not verify.
        case hmacFailure
        /// The payload is truncated, malformed or does not authenticate.
        case payloadFailure
        /// A key string (identity or recipient) is malformed.
        case invalidKey
        /// The caller asked for something the format does not allow (e.g. scrypt with others).
        case invalidUsage
        /// libcrypto failed in a way no input explains (e.g. out of memory).
        case cryptoFailure
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
