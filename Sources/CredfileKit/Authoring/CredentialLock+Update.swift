public import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// What a change to a credential did.
public enum UpdateOutcome: Sendable, Equatable {
    /// The file was rewritten.
    case written
    /// The change left every value as it was: nothing was written.
    case unchanged
}

/// The read-modify-write cycle every authoring command goes through: inside the lock, read
/// the file as it is *now*, decrypt it, derive the new bytes, validate them, write atomically.
/// Reading inside the lock is what makes concurrent changes safe: a change is always applied
/// to the result of the previous one.
public struct CredentialUpdate: Sendable {
    public var location: CredentialLock
    public var keys: KeyRing

    public init(location: CredentialLock, keys: KeyRing) {
        self.location = location
        self.keys = keys
    }

    /// Changes credential `name`: `change` gets the decrypted current file and the schemas in
    /// effect, and returns the new bytes (nil: nothing to change).
    public func run(
        _ name: String, _ change: (DecryptedDocument, SchemaSet) throws -> [UInt8]?
    ) throws -> UpdateOutcome {
        try apply(name, change).outcome
    }

    /// `run`, and the expiry warnings of the result (a date that has passed or is near):
    /// such a credential is written all the same, and the command says so.
    public func apply(
        _ name: String, _ change: (DecryptedDocument, SchemaSet) throws -> [UInt8]?
    ) throws -> (outcome: UpdateOutcome, warnings: [Diagnostic]) {
        let url = try location.file(named: name)
        let schemas = location.repository.schemas
        return try location.withLock {
            let decrypted = try decrypt(url, keys: keys)
            guard let bytes = try change(decrypted, schemas), bytes != decrypted.document.yaml.source else {
                return (.unchanged, [])
            }
            let warnings = try refuseInvalid(bytes, url: url, schemas: schemas, keys: keys)
            try FileIO.writeAtomically(bytes, to: url, sweepLeftovers: false)  // swept under the lock
            return (.written, warnings)
        }
    }

    /// Reads and decrypts `url` (MAC verified: a change is never built on a tampered file).
    func decrypt(_ url: URL, keys: KeyRing) throws -> DecryptedDocument {
        let document = try SOPSDocument(bytes: FileIO.readRegular(url), path: location.display(url))
        return try document.decrypt(keys: keys, verifyMAC: true)
    }

    /// The errors `credfile validate --decrypt` would report for `bytes` as the content of
    /// `url` (warnings, such as a secret expiring soon, do not block a write; nor does an
    /// expiry date that has passed: recording it is recording the truth).
    public func problems(
        in bytes: [UInt8], url: URL, schemas: SchemaSet, keys: KeyRing
    ) -> [Diagnostic] {
        diagnostics(in: bytes, url: url, schemas: schemas, keys: keys).filter { $0.severity == .error }
    }

    private func diagnostics(in bytes: [UInt8], url: URL, schemas: SchemaSet, keys: KeyRing) -> [Diagnostic] {
        var options = ValidationOptions()
        options.decrypt = true
        options.expiredIsError = false
        let file = CredentialFile(url: url, displayPath: location.display(url), contents: bytes)
        return RepositoryValidator(schemas: schemas, options: options).validateFile(file, keys: keys).diagnostics
    }

    /// Throws, naming every problem, when `bytes` would not be a valid credential; returns
    /// the expiry warnings.
    @discardableResult
    func refuseInvalid(_ bytes: [UInt8], url: URL, schemas: SchemaSet, keys: KeyRing) throws -> [Diagnostic] {
        let all = diagnostics(in: bytes, url: url, schemas: schemas, keys: keys)
        let found = all.filter { $0.severity == .error }
        guard !found.isEmpty else {
            return all.filter { [DiagnosticCode.secretExpired.rawValue, DiagnosticCode.secretExpiresSoon.rawValue].contains($0.code) }
        }
        throw CredfileError(
            .invalidCredential, "nothing written: the changed credential would not be valid", path: location.display(url),
            hints: found.map { "\($0.location): \($0.message) [\($0.code)]" })
    }
}
