internal import CredfileAge
public import Foundation

/// `credfile encrypt FILE`: settings from flags, else from the matching `.sops.yaml` rule.
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
        let settings = try resolveSettings()
        let bytes = try document.encrypted(with: settings)
        try FileIO.writeAtomically(bytes, to: file)
    }

    /// Flags win over the config; with neither rule, sops's default (`_unencrypted` suffix).
    public func resolveSettings() throws -> EncryptionSettings {
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
        let rule = try encryptedRegex.map { try EncryptionRule(.encryptedRegex, $0) } ?? creation?.rule ?? .sopsDefault
        return EncryptionSettings(
            recipients: parsed, rule: rule, macOnlyEncrypted: macOnlyEncrypted || (creation?.macOnlyEncrypted ?? false))
    }
}
