public import CredfileAge
internal import CredfileCrypto
public import CredfileYAML

/// How a plaintext file is to be encrypted.
public struct EncryptionSettings: Sendable {
    public var recipients: [Recipient]
    public var rule: EncryptionRule
    public var macOnlyEncrypted: Bool
    /// Wraps the data key for KMS recipients (age recipients need no key service).
    public var keys: KeyRing

    public init(recipients: [Recipient], rule: EncryptionRule, macOnlyEncrypted: Bool = false, keys: KeyRing = KeyRing([])) {
        self.recipients = recipients
        self.rule = rule
        self.macOnlyEncrypted = macOnlyEncrypted
        self.keys = keys
    }

    /// Age recipients only.
    public init(recipients: [AgeRecipient], rule: EncryptionRule, macOnlyEncrypted: Bool = false) {
        self.init(recipients: recipients.map(Recipient.age), rule: rule, macOnlyEncrypted: macOnlyEncrypted)
    }
}

extension SOPSDocument {
    /// Encrypts a plaintext file: the selected values are replaced in place by `ENC[…]` tokens
    /// and the `sops` block is appended, so everything else (comments, order, quoting) stays.
    public func encrypted(with settings: EncryptionSettings, now: GoTime = .now()) throws -> [UInt8] {
        guard metadata == nil else {
            throw CredfileError(.alreadyEncrypted, "file is already encrypted (it has a 'sops' block)", path: path)
        }
        // The `sops:` block is appended as a block-style entry, which cannot follow `{…}`.
        guard !yaml.root.startsFlow(in: yaml.source) else {
            throw CredfileError(
                .unsupported, "a top-level flow mapping ('{…}') cannot be encrypted in place", path: path,
                at: yaml.root.range.start, hints: ["write the top-level mapping in block style, one 'key: value' per line"])
        }
        guard !settings.recipients.isEmpty else {
            throw CredfileError(
                .noRecipients, "no recipients to encrypt to", path: path,
                hints: ["add a creation rule with 'age:' or 'kms:' to .sops.yaml, or pass --age RECIPIENT or --kms ARN"])
        }
        let dataKey = try SecretBytes.random(count: 32)
        var edits = try leaves.compactMap { try encryptionEdit($0, rule: settings.rule, key: dataKey) }
        edits.append(try metadataAppend(settings: settings, dataKey: dataKey, now: now))
        let draft = try TextEdit.apply(edits, to: yaml.source)
        return try Self.sealMAC(draft, path: path, dataKey: dataKey, now: now)
    }

    private func encryptionEdit(_ leaf: Leaf, rule: EncryptionRule, key: SecretBytes) throws -> TextEdit? {
        let value: SOPSValue?
        do {
            value = try SOPSValue(YAMLResolver.resolve(leaf.scalar))
        } catch let error as CredfileError {
            throw CredfileError(error.kind, "'\(Self.display(leaf.path))': \(error.message)", path: path, at: leaf.node.range.start)
        }
        guard let value, rule.encrypts(leaf.path), !value.canonicalBytes.isEmpty else { return nil }
        let token = try Self.seal(value, path: leaf.path, key: key)
        return TextEdit(range: leaf.node.range.byteRange, replacement: Array(Self.quotedIfFlow(token, leaf.inFlow).utf8))
    }

    /// An `ENC[…]` token has commas and brackets, which end a plain scalar inside `[…]`/`{…}`.
    static func quotedIfFlow(_ token: String, _ inFlow: Bool) -> String { inFlow ? "\"\(token)\"" : token }

    /// Encrypts one value with a fresh 32-byte IV (what sops writes, §1.1).
    static func seal(_ value: SOPSValue, path: [String], key: SecretBytes) throws -> String {
        let iv = try SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(value.canonicalBytes, key: key, iv: iv, aad: AdditionalData.forPath(path))
        return EncryptedValue(data: sealed.ciphertext, iv: iv, tag: sealed.tag, type: value.typeName).text
    }

    private func metadataAppend(settings: EncryptionSettings, dataKey: SecretBytes, now: GoTime) throws -> TextEdit {
        let wrapped = try settings.keys.wrap(dataKey, for: settings.recipients, now: now, path: path)
        let block = SOPSMetadata.render(
            kms: wrapped.kms, age: wrapped.age, lastModified: now.rfc3339, mac: Self.pendingMAC, rule: settings.rule,
            macOnlyEncrypted: settings.macOnlyEncrypted)
        let source = yaml.source
        // A document end marker (`...`) closes the document: the block goes before it, as the
        // mapping's last key (appended after it, it would start a second document).
        let at = Self.documentEndMarker(in: source, after: yaml.root.range.end.offset) ?? source.count
        let needsBreak = at > 0 && source[at - 1] != UInt8(ascii: "\n")
        return TextEdit(range: at..<at, replacement: Array(((needsBreak ? "\n" : "") + block).utf8))
    }

    /// The offset of the line holding `...` (the document end marker) after `offset`, if any.
    static func documentEndMarker(in source: [UInt8], after offset: Int) -> Int? {
        var lineStart = min(offset, source.count)
        while lineStart > 0 && source[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var i = lineStart
        while i < source.count {
            let end = source[i...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
            let line = source[i..<end]
            if line.starts(with: Array("...".utf8)),
                line.count == 3 || [UInt8(ascii: " "), UInt8(ascii: "\t")].contains(line[i + 3])
            {
                return i
            }
            i = end + 1
        }
        return nil
    }

    /// Stands in for the MAC until `sealMAC` computes it from the written file.
    static let pendingMAC = "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]"

    /// Re-reads `draft` exactly as a reader would, computes the MAC over its values, and
    /// writes `lastmodified` and `mac`. Computing the MAC from the re-read file means writer
    /// and reader share one code path, and credfile never writes a file it cannot read.
    static func sealMAC(_ draft: [UInt8], path: String, dataKey: SecretBytes, now: GoTime) throws -> [UInt8] {
        let reread = try SOPSDocument(bytes: draft, path: path)
        let metadata = try reread.requireMetadata()
        let digest = try reread.decrypt(dataKey: dataKey, verifyMAC: false).computedMAC
        let stamp = now.rfc3339
        let iv = try SecureRandom.bytes(32)
        let sealed = try AESGCM.seal(Array(digest.utf8), key: dataKey, iv: iv, aad: Array(stamp.utf8))
        let mac = EncryptedValue(data: sealed.ciphertext, iv: iv, tag: sealed.tag, type: "str").text
        var edits = [TextEdit(range: metadata.lastModifiedRange.byteRange, replacement: Array("\"\(stamp)\"".utf8))]
        if let macRange = metadata.macRange {
            edits.append(TextEdit(range: macRange.byteRange, replacement: Array(mac.utf8)))
        } else {
            let end = metadata.lastModifiedRange.end.offset
            edits.append(TextEdit(range: end..<end, replacement: Array("\n    mac: \(mac)".utf8)))
        }
        return try TextEdit.apply(edits.sorted { $0.range.lowerBound < $1.range.lowerBound }, to: draft)
    }
}
