public import CredfileYAML

/// The one error type of `CredfileKit`.
///
/// Each kind has a stable diagnostic code. The process exit code is the CLI's business
/// (`ExitStatus` in the `credfile` target maps every kind to its number), so the library says
/// what failed, not how a process should end. Messages never contain a value, plaintext or
/// ciphertext: they name files and key paths only.
public struct CredfileError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Kind: Sendable, Equatable {
        /// The file is not valid YAML for credfile (strict loading failed).
        case malformedYAML(code: DiagnosticCode)
        /// A value, the `sops` metadata or an `ENC[…]` token is not in the sops format.
        case malformedSOPS
        /// A file or directory could not be read or written.
        case io
        /// `.sops.yaml` is malformed or names nothing usable.
        case config
        /// Encryption was asked for but no recipient is configured.
        case noRecipients
        /// No identity could unwrap the file's data key.
        case noIdentity
        /// A key service (AWS KMS, STS) refused or could not be reached while wrapping a
        /// data key; unwrapping failures are `noIdentity`, as in sops.
        case keyService
        /// `send-mail`: the SMTP server could not be reached, or refused the login or the
        /// message (its reply, redacted, is in the message).
        case mailFailed
        /// A value failed to decrypt or authenticate.
        case decryptFailed
        /// The MAC did not match the values.
        case macMismatch
        /// The file has no MAC.
        case macNotFound
        /// A value cannot be encrypted in the sops format (e.g. an integer above int64).
        case cannotEncrypt
        /// The file already has a `sops` block.
        case alreadyEncrypted
        /// The file has no `sops` block.
        case notEncrypted
        /// A key path named by the user does not exist.
        case noSuchField
        /// A feature of the sops format credfile does not implement (e.g. KMS-only files).
        case unsupported
        /// The caller asked for something contradictory.
        case usage
        /// A value cannot be carried by the chosen export format (it would not parse back).
        case cannotExport
        /// A credential fails validation, so it is not handed to a job.
        case invalidCredential
        /// A field's value does not fit the field's kind (`port=submission`): the same code
        /// (`field.invalid`) and exit status from `new`, `set`, `edit` and `validate`.
        case invalidField
        /// The schema a command needs is broken; carries the schema diagnostic's own code.
        case invalidSchema(code: DiagnosticCode)
    }

    public var kind: Kind
    public var message: String
    /// The file concerned, as the user named it.
    public var path: String?
    public var position: SourcePosition?
    public var hints: [String]

    public init(
        _ kind: Kind, _ message: String, path: String? = nil, at position: SourcePosition? = nil,
        hints: [String] = []
    ) {
        self.kind = kind
        self.message = message
        self.path = path
        self.position = position
        self.hints = hints
    }

    /// The same error, attributed to `path` if it has no file yet.
    public func inFile(_ path: String) -> CredfileError {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }

    /// The stable diagnostic code, e.g. `sops.mac-mismatch`.
    public var code: DiagnosticCode {
        switch kind {
        case .malformedYAML(let code): code
        case .malformedSOPS: .sopsMalformed
        case .io: .ioError
        case .config: .configInvalid
        case .noRecipients: .keysNoRecipients
        case .noIdentity: .keysNoIdentity
        case .keyService: .keysServiceFailed
        case .mailFailed: .mailFailed
        case .decryptFailed: .sopsDecryptFailed
        case .macMismatch: .sopsMacMismatch
        case .macNotFound: .sopsMacNotFound
        case .cannotEncrypt: .sopsCannotEncrypt
        case .alreadyEncrypted: .sopsAlreadyEncrypted
        case .notEncrypted: .sopsNotEncrypted
        case .noSuchField: .fieldNotFound
        case .unsupported: .sopsUnsupported
        case .usage: .usage
        case .cannotExport: .exportUnrepresentable
        case .invalidCredential: .credentialInvalid
        case .invalidField: .fieldInvalid
        case .invalidSchema(let code): code
        }
    }

    /// As a diagnostic in the compiler shape.
    public var diagnostic: Diagnostic {
        Diagnostic(.error, code: code, message, path: path ?? "<input>", at: position, hints: hints)
    }

    public var description: String { diagnostic.description }
}

extension CredfileError {
    /// Wraps a strict-loading failure of the YAML layer.
    init(_ error: YAMLError, path: String?) {
        self.init(
            .malformedYAML(code: DiagnosticCode(error.kind)), error.message, path: path, at: error.position,
            hints: error.hint.map { [$0] } ?? [])
    }
}
