public import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One credential as a command sees it: its file, parsed once; its type and that type's
/// schema; and its field values, decrypted when a key opens it.
///
/// Commands read credentials only through `Repository.credential(named:…)`, so the type is
/// extracted in one place (`SOPSDocument.credentialType`), a broken schema is reported as
/// itself, and no command parses a file twice (issue 11).
public struct Credential: Sendable {
    /// The file and how messages name it.
    public let file: CredentialFile
    /// The file as parsed.
    public let document: SOPSDocument
    /// The decrypted values; nil for a plain file or when no key was asked for or found.
    public let decrypted: DecryptedDocument?
    /// The schema of the credential's type; nil when the type is unknown.
    public let schema: CredentialSchema?

    /// The name the credential must have: its file name.
    public var name: String { file.expectedName }

    /// The `type` field: the plain one, or, when the file's rule encrypts it (sops's default
    /// rule), the decrypted one once a key opened the file.
    public var type: String? { decrypted?.credentialType ?? document.credentialType }

    /// Encrypted, but not opened: every secret is unknown.
    public var isLocked: Bool { document.isEncrypted && decrypted == nil }

    /// The top-level field values: decrypted ones when the file was opened, otherwise the
    /// plain values (the ones the file's rule encrypts left out: they are only ciphertext).
    public var values: [String: SOPSValue] {
        decrypted?.topLevelValues ?? document.plainTopLevelValues(skippingEncrypted: true)
    }

    /// The typed value of `field` as stored, or nil when absent (or locked away).
    public func value(of field: String) -> SOPSValue? { values[field] }

    /// The value of `field`, or the schema's default when the file has none.
    public func effectiveValue(of field: String) -> SOPSValue? {
        value(of: field) ?? schema?.field(field)?.defaultValue
    }

    /// The text a job receives for `value` of `field`: strings as they are, dates as
    /// `YYYY-MM-DD`, others as sops prints them (`true`, `587`).
    public static func text(of value: SOPSValue, _ field: FieldSpec) -> String {
        if field.kind == .date, let d = FieldSpec.parseDate(value) {
            return "\(d.year.zeroPadded(4))-\(d.month.zeroPadded(2))-\(d.day.zeroPadded(2))"
        }
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return value.canonicalText
        }
    }
}

extension Repository {
    /// How a command wants a credential read.
    public struct ReadOptions: Sendable {
        /// Decrypt with these keys (nil: do not decrypt).
        public var keys: KeyRing?
        /// Without a key that opens the file, return it locked instead of failing (`show`).
        public var allowLocked = false
        /// Refuse a credential that fails the key-less checks, or that is not a sops file at
        /// all (nothing would authenticate its values): what a deploy gets, `export`/`exec`.
        public var requireValid = false
        /// With `requireValid`: an expiry date that has passed is not a reason to refuse
        /// (`--allow-expired`; the secret may outlive its recorded date).
        public var allowExpired = false

        public init(keys: KeyRing? = nil, allowLocked: Bool = false, requireValid: Bool = false) {
            self.keys = keys
            self.allowLocked = allowLocked
            self.requireValid = requireValid
        }
    }

    /// Reads credential `name`: one read, one parse, then (as asked) the key-less checks on
    /// that parse and the decryption of it. A broken schema of its type is an error naming the
    /// schema file.
    public func credential(named name: String, _ options: ReadOptions = ReadOptions()) throws -> Credential {
        let file = try credentialFile(named: name)
        return try credential(file, bytes: file.read(), options)
    }

    /// The same for a file whose bytes are already read.
    public func credential(_ file: CredentialFile, bytes: [UInt8], _ options: ReadOptions = ReadOptions()) throws -> Credential {
        let document: SOPSDocument
        do {
            document = try SOPSDocument(bytes: bytes, path: file.displayPath)
        } catch let error as CredfileError where options.requireValid {
            // What a deploy is refused for: "not valid", whatever the reason (exit 1).
            throw Self.invalid(error.inFile(file.displayPath).diagnostic, file: file)
        }
        if let type = document.credentialType, schemas.broken[type] != nil {
            _ = try schemas.require(type, kind: .invalidCredential, path: file.displayPath)
        }
        // sops's default rule encrypts `type` too: with a key, the type (and every check that
        // needs it) is read after decryption.
        let early = document.commonFieldsEncrypted ? try decrypt(document, options) : nil
        let type = early?.credentialType ?? document.credentialType
        if document.credentialType == nil, let type, schemas.broken[type] != nil {
            _ = try schemas.require(type, kind: .invalidCredential, path: file.displayPath)
        }
        if options.requireValid {
            try Self.requireValid(
                document, file: file, schemas: schemas, keys: early == nil ? nil : options.keys, allowExpired: options.allowExpired)
            guard document.isEncrypted else {
                throw CredfileError(
                    .notEncrypted, "credential is not encrypted: nothing authenticates its values, so it is not handed to a job",
                    path: file.displayPath, hints: ["encrypt it with 'credfile encrypt \(file.displayPath)'"])
            }
        }
        let decrypted = document.commonFieldsEncrypted ? early : try decrypt(document, options)
        let schema = type.flatMap { schemas.schema(for: $0) }
        return Credential(file: file, document: document, decrypted: decrypted, schema: schema)
    }

    private func decrypt(_ document: SOPSDocument, _ options: ReadOptions) throws -> DecryptedDocument? {
        guard document.isEncrypted, let keys = options.keys else { return nil }
        // A key search that fails (a key command that exits non-zero, an unreadable key file)
        // is reported as itself, even where a missing key is not an error.
        for source in keys.sources { _ = try source.keyCount() }
        do {
            return try document.decrypt(keys: keys, verifyMAC: true)
        } catch let error as CredfileError where error.kind == .noIdentity && options.allowLocked {
            return nil
        }
    }

    /// A deploy must not receive a half-valid credential: the key-less checks must pass.
    /// A credential whose common fields are encrypted (sops's default rule) can only be checked
    /// with the key that opened it.
    static func requireValid(
        _ document: SOPSDocument, file: CredentialFile, schemas: SchemaSet, keys: KeyRing? = nil, allowExpired: Bool = false
    ) throws {
        var options = ValidationOptions()
        options.expiredIsError = !allowExpired
        let opened = document.commonFieldsEncrypted ? keys : nil
        options.decrypt = opened != nil
        let result = RepositoryValidator(schemas: schemas, options: options).validate(document, file: file, keys: opened)
        guard let first = result.diagnostics.first(where: { $0.severity == .error }) else { return }
        throw invalid(first, file: file)
    }

    private static func invalid(_ first: Diagnostic, file: CredentialFile) -> CredfileError {
        var hints = ["run 'credfile validate \(file.displayPath)' for every problem"]
        if first.code == DiagnosticCode.secretExpired.rawValue {
            hints = first.hints + ["to use it anyway (the secret may outlive its recorded date), add --allow-expired"]
        }
        return CredfileError(
            .invalidCredential, "credential is not valid: \(first.message) [\(first.code)]", path: file.displayPath,
            at: first.position, hints: hints)
    }
}

extension DecryptedDocument {
    /// The credential's `type` after decryption: the decrypted top-level `type` when it is a
    /// non-empty string (sops's default rule encrypts it), else the plain one.
    public var credentialType: String? {
        if document.credentialType == nil, case .string(let text)? = value(at: ["type"]), !text.isEmpty { return text }
        return document.credentialType
    }
}

extension SOPSDocument {
    /// Whether the file's rule encrypts the fields credfile keeps readable (`name`, `type`,
    /// `description`), and at least one of them is stored encrypted: sops's default rule.
    /// Without a key such a credential cannot be checked at all.
    public var commonFieldsEncrypted: Bool {
        guard let metadata else { return false }
        return CredentialSchema.commonFields.contains { name in
            guard metadata.rule.encrypts([name]), let scalar = yaml.root[name]?.scalar,
                case .string(let text) = YAMLResolver.resolve(scalar)
            else { return false }
            return EncryptedValue.looksEncrypted(text)
        }
    }

    /// The credential's `type`: the top-level `type` when it is a plain, non-empty string.
    /// The one place the type is read from a file; an encrypted `type` (sops's default rule
    /// encrypts every value) is no type at all here, and is never echoed.
    public var credentialType: String? {
        guard let scalar = yaml.root["type"]?.scalar, case .string(let text) = YAMLResolver.resolve(scalar),
            !text.isEmpty, !(metadata != nil && text.hasPrefix("ENC["))
        else { return nil }
        return text
    }
}
