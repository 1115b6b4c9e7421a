#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

extension NewCredential.Draft {
    /// How to give a missing field: a secret never as an argument (shell history keeps those).
    static func giveHint(_ field: FieldSpec) -> String {
        field.sensitive
            ? "give it with --stdin \(field.name) or --prompt \(field.name) (or --value-file \(field.name)=FILE), or run on a terminal to be asked"
            : "give it as \(field.name)=VALUE, or run on a terminal to be asked"
    }

    /// Builds the file in memory, encrypts its sensitive fields for the `.sops.yaml`
    /// recipients, validates the result, and only then creates the file (exclusively, 0600).
    /// The plaintext never touches the disk. Returns the validator's warnings (an expiry that
    /// is near, say); any error stops before anything is written.
    public func write() throws -> [Diagnostic] {
        if let missing = missingFields.first {
            throw CredfileError(
                .invalidCredential, "missing required field '\(missing.name)'", path: displayPath,
                hints: [Self.giveHint(missing)])
        }
        let bytes = try encrypted()
        let warnings = try validate(bytes)
        // Under the credentials lock, like every other change (CredentialLock): the exclusive
        // create still refuses a name another process took first.
        try repository.lock().withLock {
            try FileIO.writeNew(bytes, to: file, mode: 0o600)
        }
        return warnings
    }

    /// The encrypted file, with the type's `encrypted_regex` (DESIGN.md §2.4). A type without
    /// sensitive fields is a sops file all the same: its MAC authenticates the plain values.
    func encrypted() throws -> [UInt8] {
        let plain = Array(plaintext().utf8)
        let regex = schema.encryptedRegex
        var encryptFile = EncryptFile(file: file, repository: repository)
        encryptFile.keys = keys
        let settings = try encryptFile.resolveSettings(typeRule: EncryptionRule(.encryptedRegex, regex))
        guard !settings.recipients.isEmpty else {
            throw CredfileError(
                .noRecipients, "no recipients to encrypt to: no .sops.yaml creation rule with 'age:' or 'kms:' matches this file",
                path: displayPath,
                hints: ["run 'credfile init --age RECIPIENT', add the rule to .sops.yaml, or set SOPS_AGE_RECIPIENTS"])
        }
        return try SOPSDocument(bytes: plain, path: displayPath).encrypted(with: settings)
    }

    /// The key-less tier of `validate` on the bytes about to be written.
    func validate(_ bytes: [UInt8]) throws -> [Diagnostic] {
        let candidate = CredentialFile(url: file, displayPath: displayPath, contents: bytes)
        var options = ValidationOptions()
        options.expiredIsError = false  // a date that has passed is recorded, with a warning
        let report = RepositoryValidator(schemas: repository.schemas, options: options).validate([candidate])
        let errors = report.diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            throw CredfileError(
                .invalidCredential, "the credential would not be valid: \(first.message) [\(first.code)]",
                path: displayPath, hints: errors.dropFirst().map { "also: \($0.message) [\($0.code)]" })
        }
        return report.diagnostics.filter { $0.severity != .error }
    }
}
