/// The one error type of `CredfileAWS`.
///
/// Messages name the operation, the key or role ARN, the profile and AWS's error code and
/// message; never a credential, a session token, a plaintext or a ciphertext.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failure class, for callers that branch on it (and map to exit codes).
    public enum Kind: Sendable, Equatable {
        /// No usable credentials, or AWS did not accept them (unknown key id, bad signature,
        /// expired token).
        case credentials
        /// The credentials are valid but not allowed to use the key or assume the role.
        case accessDenied
        /// The key exists but is disabled or pending deletion.
        case keyDisabled
        /// No such key (or alias) in that account and region.
        case keyNotFound
        /// The ciphertext is not base64, was damaged, belongs to another key, or the
        /// encryption context differs from the one it was encrypted with.
        case invalidCiphertext
        /// The endpoint could not be reached (name resolution, connection refused, TLS).
        case unreachable
        /// The endpoint did not answer in time.
        case timeout
        /// The endpoint answered with something that is not a KMS/STS answer.
        case badResponse
        /// A configuration credfile does not implement (SSO, credential_process, instance
        /// metadata …), an invalid key ARN, or libcurl is missing.
        case unsupported
    }

    /// The failure class.
    public var kind: Kind
    /// One line for a person (see the type's rules).
    public var message: String

    /// An error of `kind` with `message`, which must follow the type's rules.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
