/// One word for how a credential stands, for `list` and `show` (issue 16, item 12): what the
/// key-less checks of `validate` found, the most pressing first. Derived from those checks'
/// diagnostics, never from rules of its own, so `list` and `validate` cannot disagree.
public enum CredentialStatus: String, Sendable, CaseIterable {
    /// A sensitive field is stored in plain text (`secret.not-encrypted`).
    case plaintextSecret = "plaintext-secret"
    /// No schema for its type (`type.unknown`).
    case unknownType = "unknown-type"
    /// `name` differs from the file name (`name.file-mismatch`).
    case nameMismatch = "name-mismatch"
    /// Any other error `validate` reports, or a file that cannot be read at all.
    case invalid
    /// An expiry date has passed (`secret.expired`).
    case expired
    /// An expiry date is within the warning window (`secret.expires-soon`).
    case expiring
    /// Nothing the key-less checks object to (warnings aside).
    case ok

    /// The most pressing status among a file's key-less diagnostics (the cases' order).
    public static func of(_ diagnostics: [Diagnostic]) -> CredentialStatus {
        var found: Set<CredentialStatus> = []
        for diagnostic in diagnostics {
            switch diagnostic.code {
            case DiagnosticCode.secretNotEncrypted.rawValue: found.insert(.plaintextSecret)
            case DiagnosticCode.typeUnknown.rawValue: found.insert(.unknownType)
            case DiagnosticCode.nameFileMismatch.rawValue: found.insert(.nameMismatch)
            case DiagnosticCode.secretExpired.rawValue: found.insert(.expired)
            case DiagnosticCode.secretExpiresSoon.rawValue: found.insert(.expiring)
            default: if diagnostic.severity == .error { found.insert(.invalid) }
            }
        }
        return allCases.first(where: found.contains) ?? .ok
    }

    /// The key-less checks of one parsed credential (what `validate` runs without `--decrypt`).
    static func check(_ document: SOPSDocument, file: CredentialFile, schemas: SchemaSet) -> [Diagnostic] {
        RepositoryValidator(schemas: schemas, options: ValidationOptions()).validate(document, file: file).diagnostics
    }
}
