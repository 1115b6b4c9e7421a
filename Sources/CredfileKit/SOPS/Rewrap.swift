public import CredfileAge
public import CredfileCrypto
internal import CredfileYAML

extension SOPSDocument {
    /// The file with `dataKey` wrapped anew, one armored age file per recipient (§4.3), in
    /// place of the `sops.age` list: what `sops updatekeys` does. Values, `lastmodified` and
    /// `mac` are untouched (the MAC covers values only), so only the `age` lines change.
    public func rewrapped(dataKey: SecretBytes, for recipients: [AgeRecipient]) throws -> [UInt8] {
        guard !recipients.isEmpty else {
            throw CredfileError(.noRecipients, "a credential needs at least one recipient", path: path)
        }
        guard let entry = sopsEntry?.value.mapping?.first(where: { $0.key == "age" }) else {
            throw CredfileError(.unsupported, "the 'sops' block has no 'age' list to re-wrap", path: path)
        }
        let keys = try recipients.map { recipient in
            let file = try dataKey.withBytes { try Age.encrypt($0, to: [recipient], armored: true) }
            return SOPSMetadata.AgeKey(recipient: recipient.description, enc: String(decoding: file, as: UTF8.self))
        }
        let text = SOPSMetadata.renderAge(keys, indent: entry.keyRange.start.column - 1)
        let removal = SOPSDocument.lineRemoval(of: entry, in: yaml.source)
        return try TextEdit.apply([TextEdit(range: removal.range, replacement: Array(text.utf8))], to: yaml.source)
    }

    /// The recipients the data key is wrapped for now, parsed.
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
            out += "\(pad)    - recipient: \(key.recipient)\n\(pad)      enc: |\n"
            for line in key.enc.split(separator: "\n") { out += "\(pad)        \(line)\n" }
        }
        return out
    }
}
