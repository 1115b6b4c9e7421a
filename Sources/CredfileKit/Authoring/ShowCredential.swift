internal import CredfileAge
internal import CredfileYAML
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// `credfile show NAME`: every field of a credential, sensitive ones masked (`****` + last
/// four, DESIGN.md §1) unless `reveal`, defaults included and marked. Without a key the plain
/// fields are still shown and each secret is `****`.
public struct ShowCredential: Sendable {
    public var name: String
    public var repository: Repository
    public var keys: KeyRing
    /// `--reveal`: the user asked for the plaintext.
    public var reveal = false

    public init(name: String, repository: Repository, keys: KeyRing) {
        self.name = name
        self.repository = repository
        self.keys = keys
    }

    public func run() throws -> CredentialView {
        // Tampering and MAC mismatch are errors, as everywhere; only a missing key is not
        // (then the secrets stay `****`), unless the user asked to see them.
        let credential = try repository.credential(named: name, Repository.ReadOptions(keys: keys, allowLocked: !reveal))
        let file = credential.file
        let document = credential.document
        let values = credential.values
        let schema = credential.schema
        var view = CredentialView(name: name, path: file.displayPath, type: credential.type, locked: credential.isLocked)
        view.expiry = CredentialExpiry.earliest(schema: schema, values: values)
        let checks = CredentialStatus.check(document, file: file, schemas: repository.schemas)
        view.status = CredentialStatus.of(checks)
        let plaintext = Self.plaintextFields(checks, document: document)
        view.warnings = Self.warnings(checks, plaintext: plaintext, name: name, path: file.displayPath)
        for key in Self.order(document: document, schema: schema) {
            let spec = schema?.field(key)
            let encrypted = document.metadata?.rule.encrypts([key]) == true && document.hasTopLevelValue(key)
            let sensitive = (spec?.sensitive ?? false) || encrypted
            if let value = values[key] {
                let text = spec.map { Credential.text(of: value, $0) } ?? value.extractTextWithoutNewline
                var field = CredentialView.Field(name: key, text: shown(text, sensitive: sensitive), sensitive: sensitive, isDefault: false)
                field.plaintext = plaintext.contains(key)
                view.fields.append(field)
            } else if encrypted {
                view.fields.append(.init(name: key, text: Masking.stars, sensitive: true, isDefault: false))
            } else if let spec, let value = spec.defaultValue {
                let text = Credential.text(of: value, spec)
                view.fields.append(.init(name: key, text: shown(text, sensitive: sensitive), sensitive: sensitive, isDefault: true))
            }
        }
        return view
    }

    /// The sensitive fields `validate` finds stored in plain text (`secret.not-encrypted`),
    /// by the key whose value the finding points at.
    static func plaintextFields(_ checks: [Diagnostic], document: SOPSDocument) -> Set<String> {
        let offsets = Set(checks.filter { $0.code == DiagnosticCode.secretNotEncrypted.rawValue }.compactMap { $0.position?.offset })
        return Set((document.yaml.root.mapping ?? []).filter { offsets.contains($0.value.range.start.offset) }.map(\.key))
    }

    /// What `show` says before the fields: each secret in plain text, with how to encrypt it
    /// and replace it (off the command line); otherwise the first error `validate` reports.
    /// Expiry is marked beside its field instead. Never a value: names and paths only.
    static func warnings(_ checks: [Diagnostic], plaintext: Set<String>, name: String, path: String) -> [Diagnostic] {
        var result = checks.filter { $0.code == DiagnosticCode.secretNotEncrypted.rawValue }.map { check in
            let field = plaintext.first { check.message.hasPrefix("'\($0)'") } ?? "FIELD"
            return Diagnostic(
                .warning, code: .secretNotEncrypted, "'\(field)' is stored in plain text in \(path), not encrypted", path: path,
                at: check.position,
                hints: ["encrypt it: credfile encrypt \(path)",
                        "if this file was ever committed or shared, change the secret at its provider and store the new one: "
                            + "credfile set \(name) \(field) --prompt (or --stdin)"])
        }
        let expiry = [DiagnosticCode.secretExpired.rawValue, DiagnosticCode.secretExpiresSoon.rawValue]
        if result.isEmpty, let first = checks.first(where: { $0.severity == .error && !expiry.contains($0.code) }) {
            var warning = first
            warning.severity = .warning
            warning.hints = ["the credential is not valid; every problem: credfile validate \(path)"]
            result.append(warning)
        }
        return result
    }

    private func shown(_ text: String, sensitive: Bool) -> String {
        sensitive && !reveal ? Masking.mask(text) : text
    }

    /// `name`, `type`, `description`, the schema's fields, then any other key in file order.
    static func order(document: SOPSDocument, schema: CredentialSchema?) -> [String] {
        var keys = CredentialSchema.commonFields + (schema?.fields.map(\.name) ?? [])
        for entry in document.yaml.root.mapping ?? [] where entry.key != "sops" && !keys.contains(entry.key) {
            keys.append(entry.key)
        }
        return keys
    }
}

/// What `show` displays: each field's text is already masked unless revealed.
public struct CredentialView: Sendable {
    /// One line of the view.
    public struct Field: Sendable {
        public var name: String
        /// The value as shown: plain, masked, or `****` without a key.
        public var text: String
        public var sensitive: Bool
        /// Not in the file: the schema's default, which applies at use.
        public var isDefault: Bool
        /// Sensitive, but stored in plain text in the file: its mask hides nothing.
        public var plaintext = false
    }

    public var name: String
    public var path: String
    public var type: String?
    /// Encrypted, and no identity could open it: every secret shows as `****`.
    public var locked: Bool
    public var fields: [Field] = []
    /// The earliest expiry date and the days left until it.
    public var expiry: CredentialExpiry?
    /// What `validate`'s key-less checks make of the file (`list`'s STATUS).
    public var status: CredentialStatus = .ok
    /// Said before the fields (a secret in plain text, an invalid file), as warnings.
    public var warnings: [Diagnostic] = []
}

extension SOPSDocument {
    /// The plain top-level values; with `skippingEncrypted`, the ones the file's rule
    /// encrypts are left out (without a key they are only ciphertext).
    func plainTopLevelValues(skippingEncrypted: Bool) -> [String: SOPSValue] {
        var values = plainTopLevelValues
        if skippingEncrypted, let rule = metadata?.rule {
            for key in values.keys where rule.encrypts([key]) { values[key] = nil }
        }
        return values
    }

    /// Whether the top-level `key` holds a non-empty scalar.
    func hasTopLevelValue(_ key: String) -> Bool {
        leaves.contains { $0.path == [key] && !$0.isSequenceItem && !$0.scalar.value.isEmpty }
    }
}
