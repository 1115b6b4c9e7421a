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
        for key in Self.order(document: document, schema: schema) {
            let spec = schema?.field(key)
            let encrypted = document.metadata?.rule.encrypts([key]) == true && document.hasTopLevelValue(key)
            let sensitive = (spec?.sensitive ?? false) || encrypted
            if let value = values[key] {
                let text = spec.map { Credential.text(of: value, $0) } ?? value.extractTextWithoutNewline
                view.fields.append(.init(name: key, text: shown(text, sensitive: sensitive), sensitive: sensitive, isDefault: false))
            } else if encrypted {
                view.fields.append(.init(name: key, text: Masking.stars, sensitive: true, isDefault: false))
            } else if let spec, let value = spec.defaultValue {
                let text = Credential.text(of: value, spec)
                view.fields.append(.init(name: key, text: shown(text, sensitive: sensitive), sensitive: sensitive, isDefault: true))
            }
        }
        return view
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
    }

    public var name: String
    public var path: String
    public var type: String?
    /// Encrypted, and no identity could open it: every secret shows as `****`.
    public var locked: Bool
    public var fields: [Field] = []
    /// The earliest expiry date and the days left until it.
    public var expiry: CredentialExpiry?
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
