internal import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile encrypt FILE`. Which fields are encrypted: `--encrypted-regex`, else the type's
/// schema (its sensitive fields, DESIGN.md §2.4), else the `.sops.yaml` rule, else sops's
/// default. Recipients: `--age` (else `SOPS_AGE_RECIPIENTS`) and `--kms`, else the `.sops.yaml`
/// rule — sops's order, where the variable is the `--age` flag's own (its urfave/cli `EnvVar`).
public struct EncryptFile: Sendable {
    public var file: URL
    /// `--age` recipients (age or ssh public keys); with `kms`, when either is given they
    /// replace the config's.
    public var recipients: [String] = []
    /// Where `SOPS_AGE_RECIPIENTS` (comma-separated, as sops) is read.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// `--kms` keys (`ARN` or `ARN+ROLE`).
    public var kms: [String] = []
    /// `--aws-profile` for the `--kms` keys.
    public var awsProfile = ""
    /// Wraps the data key for KMS recipients.
    public var keys = KeyRing([])
    /// `--encrypted-regex`; when given it replaces the config's rule.
    public var encryptedRegex: String?
    public var macOnlyEncrypted = false
    /// `--config`; otherwise the repository's (`.sops.yaml` from the working directory upwards).
    public var configFile: URL?
    /// Where the schemas and `.sops.yaml` come from.
    public var repository: Repository

    public init(file: URL, repository: Repository) {
        self.file = file
        self.repository = repository
    }

    /// Encrypts the file in place (atomically, keeping its mode); returns the settings used,
    /// so the command can say what `mac_only_encrypted` gives up.
    @discardableResult
    public func run() throws -> EncryptionSettings {
        let document = try datesQuoted(SOPSDocument(bytes: FileIO.read(file), path: file.relativePath))
        let settings = try resolveSettings(typeRule: schemaRule(for: document))
        let bytes = try document.encrypted(with: settings)
        try FileIO.writeAtomically(bytes, to: file)
        return settings
    }

    /// The document with every unquoted date of a `date` field quoted (`"2030-01-01"`): sops
    /// reads an unquoted date as a time and writes it back as `2030-01-01T00:00:00Z` on its
    /// next `set`/`edit`, a quoted one it leaves alone. A timestamp at midnight UTC (what sops
    /// wrote) becomes the quoted date too. Only when the type's schema is known.
    func datesQuoted(_ document: SOPSDocument) throws -> SOPSDocument {
        guard document.metadata == nil, let type = document.credentialType, repository.schemas.broken[type] == nil,
            let schema = repository.schemas.schema(for: type)
        else { return document }
        var edits: [TextEdit] = []
        for entry in document.yaml.root.mapping ?? [] where schema.field(entry.key)?.kind == .date {
            guard let scalar = entry.value.scalar, scalar.style == .plain, scalar.tag == nil,
                case .timestamp = YAMLResolver.resolve(scalar),
                FormatCheck.date(ArraySlice(scalar.value.utf8)) != nil || FieldSpec.isMidnightTimestampText(scalar.value)
            else { continue }
            let date = String(scalar.value.prefix(10))
            edits.append(TextEdit(range: entry.value.range.byteRange, replacement: Array("\"\(date)\"".utf8)))
        }
        guard !edits.isEmpty else { return document }
        return try SOPSDocument(bytes: TextEdit.apply(edits, to: document.yaml.source), path: document.path)
    }

    /// The `encrypted_regex` of the document's type, when its schema is known.
    func schemaRule(for document: SOPSDocument) throws -> EncryptionRule? {
        guard encryptedRegex == nil, let type = document.credentialType else { return nil }
        // A broken schema is reported as itself; an unknown type falls back to `.sops.yaml`.
        if repository.schemas.broken[type] != nil { _ = try repository.schemas.require(type, kind: .usage) }
        guard let schema = repository.schemas.schema(for: type) else { return nil }
        return try EncryptionRule(.encryptedRegex, schema.encryptedRegex)
    }

    /// Flags win over the schema, the schema over the config; with none, sops's default.
    public func resolveSettings(typeRule: EncryptionRule? = nil) throws -> EncryptionSettings {
        let configURL = configFile ?? repository.sopsConfigURL
        let creation = try configURL.flatMap { try SOPSConfig(contentsOf: $0).rule(for: file) }
        let variable = environment["SOPS_AGE_RECIPIENTS"].flatMap { $0.isEmpty ? nil : $0 }
        let ageFlag = !recipients.isEmpty ? recipients
            : variable.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? []
        let fromFlags = !ageFlag.isEmpty || !kms.isEmpty
        let names = fromFlags ? ageFlag : (creation?.age ?? [])
        let ages = try names.enumerated().map { index, name in
            do {
                return Recipient.age(try AgeRecipient(parsing: name))
            } catch let error as AgeError {
                // Quoted only when it looks public: a secret key pasted there must not be printed.
                let source = recipients.isEmpty && fromFlags && variable != nil ? "SOPS_AGE_RECIPIENTS: " : ""
                let quoted = Recipient.quoted(name).map { " \($0)" } ?? ""
                throw CredfileError(
                    .config, "\(source)recipient #\(index + 1)\(quoted) is not an age recipient: \(error.message)",
                    path: fromFlags ? nil : configURL?.path)
            }
        }
        let kmsKeys = try fromFlags
            ? kms.map { Recipient.kms(try KMSMasterKey(parsing: $0, profile: awsProfile)) }
            : (creation?.kms ?? []).map(Recipient.kms)
        let parsed = kmsKeys + ages
        let rule = try encryptedRegex.map { try EncryptionRule(.encryptedRegex, $0) } ?? typeRule ?? creation?.rule ?? .sopsDefault
        return EncryptionSettings(
            recipients: parsed, rule: rule, macOnlyEncrypted: macOnlyEncrypted || (creation?.macOnlyEncrypted ?? false),
            keys: keys)
    }
}
