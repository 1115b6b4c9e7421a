internal import CredfileAge
internal import CredfileYAML
public import Foundation

/// `credfile encrypt FILE`. Which fields are encrypted: `--encrypted-regex`, else the type's
/// schema (its sensitive fields, DESIGN.md §2.4), else the `.sops.yaml` rule, else sops's
/// default. Recipients: `--age`, else the `.sops.yaml` rule.
public struct EncryptFile: Sendable {
    public var file: URL
    /// `--age` recipients; when given they replace the config's.
    public var recipients: [String] = []
    /// `--encrypted-regex`; when given it replaces the config's rule.
    public var encryptedRegex: String?
    public var macOnlyEncrypted = false
    /// `--config`; otherwise `.sops.yaml` is searched from `workingDirectory` upwards.
    public var configFile: URL?
    public var workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    public init(file: URL) { self.file = file }

    /// Encrypts the file in place (atomically, keeping its mode).
    public func run() throws {
        let document = try SOPSDocument(bytes: FileIO.read(file), path: file.relativePath)
        let settings = try resolveSettings(typeRule: schemaRule(for: document))
        let bytes = try document.encrypted(with: settings)
        try FileIO.writeAtomically(bytes, to: file)
    }

    /// The `encrypted_regex` of the document's type, when its schema is known.
    func schemaRule(for document: SOPSDocument) throws -> EncryptionRule? {
        guard encryptedRegex == nil, let type = document.yaml.root["type"]?.scalar?.value else { return nil }
        guard let schema = SchemaSet.locate(from: workingDirectory).0.schema(for: type) else { return nil }
        guard let regex = schema.encryptedRegex else {
            throw CredfileError(
                .usage, "type '\(type)' has no sensitive fields: there is nothing to encrypt", path: file.relativePath)
        }
        return try EncryptionRule(.encryptedRegex, regex)
    }

    /// Flags win over the schema, the schema over the config; with none, sops's default.
    public func resolveSettings(typeRule: EncryptionRule? = nil) throws -> EncryptionSettings {
        let configURL = configFile ?? SOPSConfig.find(from: workingDirectory)
        let creation = try configURL.flatMap { try SOPSConfig(contentsOf: $0).rule(for: file) }
        let names = recipients.isEmpty ? (creation?.age ?? []) : recipients
        let parsed = try names.enumerated().map { index, name in
            do {
                return try AgeRecipient(parsing: name)
            } catch {
                // Not echoed: a secret key pasted where a recipient belongs must not be printed.
                throw CredfileError(
                    .config, "recipient #\(index + 1) is not an age recipient (age1…)",
                    path: recipients.isEmpty ? configURL?.path : nil)
            }
        }
        let rule = try encryptedRegex.map { try EncryptionRule(.encryptedRegex, $0) } ?? typeRule ?? creation?.rule ?? .sopsDefault
        return EncryptionSettings(
            recipients: parsed, rule: rule, macOnlyEncrypted: macOnlyEncrypted || (creation?.macOnlyEncrypted ?? false))
    }
}
