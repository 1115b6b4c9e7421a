public import CredfileAge
public import CredfileCrypto
public import CredfileYAML

extension SOPSDocument {
    /// The file with `dataKey` wrapped anew for `recipients` (`sops updatekeys`): the `kms`
    /// and `age` lists are replaced (sops-format.md §4.3: one armored age file per age
    /// recipient; one KMS `Encrypt` per KMS key). Values, `lastmodified` and `mac` are
    /// untouched (the MAC covers values only), so only those lines change.
    ///
    /// A KMS entry whose key (ARN, role, context, profile) stays keeps its `enc` when
    /// `reuseKMS` is set: it already wraps this data key, and re-wrapping it would only cost a
    /// network round trip. After a rotation the data key is new, so nothing is reused.
    public func rewrapped(
        dataKey: SecretBytes, for recipients: [Recipient], keys: KeyRing, reuseKMS: Bool = true, now: GoTime = .now()
    ) throws -> [UInt8] {
        guard !recipients.isEmpty else {
            throw CredfileError(.noRecipients, "a credential needs at least one recipient", path: path)
        }
        let metadata = try requireMetadata()
        let entries = sopsEntry?.value.mapping ?? []
        let present = entries.filter { $0.key == "kms" || $0.key == "age" }
        guard let first = present.min(by: { $0.keyRange.start.offset < $1.keyRange.start.offset }) else {
            throw CredfileError(.unsupported, "the 'sops' block has no 'age' or 'kms' list to re-wrap", path: path)
        }
        let wrapped = try keys.wrap(dataKey, for: recipients, reusing: reuseKMS ? metadata.kms : [], now: now, path: path)
        let indent = first.keyRange.start.column - 1
        let text = SOPSMetadata.renderKMS(wrapped.kms, indent: indent)
            + (wrapped.age.isEmpty ? "" : SOPSMetadata.renderAge(wrapped.age, indent: indent))
        let edits = present.map { entry in
            let removal = SOPSDocument.lineRemoval(of: entry, in: yaml.source)
            return entry.keyRange.start.offset == first.keyRange.start.offset
                ? TextEdit(range: removal.range, replacement: Array(text.utf8)) : removal
        }
        return try TextEdit.apply(edits.sorted { $0.range.lowerBound < $1.range.lowerBound }, to: yaml.source)
    }

    /// The file with `dataKey` wrapped for age recipients only.
    public func rewrapped(dataKey: SecretBytes, for recipients: [AgeRecipient]) throws -> [UInt8] {
        try rewrapped(dataKey: dataKey, for: recipients.map(Recipient.age), keys: KeyRing([]))
    }

    /// Every master key the data key is wrapped for now, parsed: KMS keys, then age
    /// recipients (sops's order in the file).
    public func recipients() throws -> [Recipient] {
        let metadata = try requireMetadata()
        let kms = try metadata.kms.enumerated().map { index, entry in
            guard KMSMasterKey.isValidARN(entry.key.arn) else {
                throw CredfileError(
                    .malformedSOPS, "'sops.kms' entry \(index + 1): 'arn' is not an AWS KMS key ARN", path: path,
                    at: entry.arnPosition)
            }
            return Recipient.kms(entry.key)
        }
        return try kms + ageRecipients().map(Recipient.age)
    }

    /// The age recipients the data key is wrapped for now, parsed.
    public func ageRecipients() throws -> [AgeRecipient] {
        let metadata = try requireMetadata()
        return try metadata.age.enumerated().map { index, key in
            do {
                return try AgeRecipient(parsing: key.recipient)
            } catch {
                throw CredfileError(
                    .malformedSOPS, "'sops.age' entry \(index + 1): the recipient is not an age recipient (age1…)",
                    path: path, at: key.recipientPosition)
            }
        }
    }
}

extension SOPSMetadata {
    /// The `age:` entry as sops 3.11 lays it out (§4.2) for keys at column `indent + 1`:
    /// items 4 further in, `enc: |` under `recipient`, armor lines 4 further in. Ends with a
    /// line break.
    static func renderAge(_ keys: [AgeKey], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = "\(pad)age:\n"
        for key in keys {
            // Plain as sops writes it (`age1…`, `ssh-ed25519 AAAA… comment`); quoted when an ssh
            // comment holds what YAML would read otherwise (`: `, ` #`, a tab).
            out += "\(pad)    - recipient: \(YAMLScalarWriter.string(key.recipient))\n\(pad)      enc: |\n"
            for line in key.enc.split(separator: "\n") { out += "\(pad)        \(line)\n" }
        }
        return out
    }

    /// The `kms:` entry as sops 3.11 writes it (checked against its output): `arn`, `role`
    /// (only when set), `context` (only when set, keys sorted as go-yaml sorts a map),
    /// `created_at` (quoted, as a time would otherwise be read as one), `enc`, and `aws_profile` always (`""` when empty). Empty when
    /// there is no KMS key: sops omits the list.
    static func renderKMS(_ keys: [KMSKey], indent: Int) -> String {
        guard !keys.isEmpty else { return "" }
        let pad = String(repeating: " ", count: indent)
        var out = "\(pad)kms:\n"
        for entry in keys {
            out += "\(pad)    - arn: \(YAMLScalarWriter.string(entry.key.arn))\n"
            if let role = entry.key.role { out += "\(pad)      role: \(YAMLScalarWriter.string(role))\n" }
            if !entry.key.context.isEmpty {
                out += "\(pad)      context:\n"
                for (name, value) in entry.key.context.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
                    out += "\(pad)        \(YAMLScalarWriter.key(name)): \(YAMLScalarWriter.string(value))\n"
                }
            }
            out += "\(pad)      created_at: \(YAMLScalarWriter.string(entry.createdAt))\n"
            out += "\(pad)      enc: \(YAMLScalarWriter.string(entry.enc))\n"
            out += "\(pad)      aws_profile: \(entry.key.profile.isEmpty ? "\"\"" : YAMLScalarWriter.string(entry.key.profile))\n"
        }
        return out
    }
}
