#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import CredfileCrypto
internal import CredfileYAML

/// `credfile textconv FILE`: the review form `git diff` shows for a credential — plain fields
/// as they are, each secret masked (`****` + last four with a key, `****` without) and
/// followed by a short fingerprint, and the `sops` block summarised to its recipients and
/// time, so diffs show what changed and never a value or a ciphertext. A sensitive field
/// stored in plain text (a file not yet encrypted) is masked too: `schemas` says which fields
/// are sensitive.
///
/// The fingerprint makes a changed secret a changed line even when the last four stay
/// (issue 16). With a key, `fp:` + 4 bytes of HMAC-SHA256(value) under a key derived from
/// the file's data key: it changes exactly when the value changes (and on `rotate`, a new
/// data key); it cannot be reversed or compared across files. Without a key, `enc:` + 4 bytes
/// of SHA-256 of the `ENC[…]` token: `set` keeps unchanged values' ciphertext, so it changes
/// only where a value was re-encrypted.
public enum TextConv {
    public static func render(_ bytes: [UInt8], keys: KeyRing, schemas: SchemaSet = .builtIn) -> [UInt8] {
        guard let document = try? SOPSDocument(bytes: bytes, path: "") else {
            return masked(bytes, sensitive: { sensitive($0, type: nil, schemas: schemas) })
        }
        let decrypted = document.metadata == nil ? nil : try? document.decrypt(keys: keys, verifyMAC: false)
        let printKey = decrypted.flatMap { try? fingerprintKey($0.dataKey) }
        let type = document.credentialType
        var edits: [TextEdit] = []
        for leaf in document.leaves {
            guard case .string(let text) = YAMLResolver.resolve(leaf.scalar), EncryptedValue.looksEncrypted(text) else {
                if let field = leaf.path.first, sensitive(field, type: type, schemas: schemas) {
                    let shown = Masking.mask(leaf.scalar.value)
                    edits.append(TextEdit(range: leaf.node.range.byteRange, replacement: Array(YAMLScalarWriter.string(shown).utf8)))
                }
                continue
            }
            let opened = decrypted?.leaves.first { $0.leaf.node.range == leaf.node.range }
            let shown: String
            if let printKey, let opened, let value = opened.value,
                let print = try? fingerprint(value, type: opened.encrypted?.type ?? "", key: printKey)
            {
                shown = Masking.mask(value.extractTextWithoutNewline) + " fp:" + print
            } else {
                shown = Masking.stars + " enc:" + hex(Digest.sha256(Array(text.utf8)).prefix(4))
            }
            edits.append(TextEdit(range: leaf.node.range.byteRange, replacement: Array(YAMLScalarWriter.string(shown).utf8)))
        }
        if let entry = document.sopsEntry, let metadata = document.metadata {
            let removal = SOPSDocument.lineRemoval(of: entry, in: document.yaml.source)
            edits.append(TextEdit(range: removal.range, replacement: Array(summary(metadata).utf8)))
        }
        return (try? TextEdit.apply(edits, to: document.yaml.source))
            ?? masked(bytes, sensitive: { sensitive($0, type: type, schemas: schemas) })
    }

    static let fingerprintInfo = Array("credfile textconv fingerprint".utf8)

    /// The fingerprint key: HKDF-SHA256 of the data key, never the data key itself, so a
    /// fingerprint says nothing about the key that encrypts the values.
    private static func fingerprintKey(_ dataKey: SecretBytes) throws -> SecretBytes {
        try HKDF.sha256(key: dataKey, salt: [], info: fingerprintInfo, count: 32)
    }

    /// 4 bytes (8 hex digits) of HMAC-SHA256 over the sops type and the value's text: a
    /// different value, or the same text as another type, is another fingerprint.
    private static func fingerprint(_ value: SOPSValue, type: String, key: SecretBytes) throws -> String {
        let message = Array(type.utf8) + [0] + Array(value.extractTextWithoutNewline.utf8)
        return hex(try HMAC.sha256(key: key, message: message).prefix(4))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { $0.hexPadded(2) }.joined()
    }

    /// Whether `field` holds a secret: its type says so, or, the type unknown, any type does.
    static func sensitive(_ field: String, type: String?, schemas: SchemaSet) -> Bool {
        if let spec = type.flatMap({ schemas.schema(for: $0) ?? SchemaSet.builtIn.schema(for: $0) })?.field(field) {
            return spec.sensitive
        }
        return (schemas.schemas + SchemaSet.builtIn.schemas).contains { $0.field(field)?.sensitive == true }
    }

    private static func summary(_ metadata: SOPSMetadata) -> String {
        let recipients = metadata.recipientNames.joined(separator: ", ")
        return "sops: # encrypted to \(recipients); lastmodified \(metadata.lastModified)\n"
    }

    /// A file that does not load (a merge conflict, a typo), line by line: every `ENC[…]` token
    /// replaced by `****`, and so are the value of a top-level sensitive field with the lines
    /// that continue it and the lines of a wrapped data key.
    private static func masked(_ bytes: [UInt8], sensitive: (String) -> Bool) -> [UInt8] {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var inSecret = false, inArmor = false
        return Array(lines.map { line -> String in
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            let content = line.dropFirst(indent.count)
            if inArmor {
                inArmor = !content.hasPrefix("-----END AGE ENCRYPTED FILE-----")
                if inArmor { return indent + Masking.stars }
            }
            inArmor = content.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----")
            if indent.isEmpty && !content.isEmpty {
                if let key = topLevelKey(line) {
                    inSecret = sensitive(key)
                    if inSecret { return key + ": " + Masking.stars }
                } else if isMarker(line) {
                    inSecret = false
                } else if inSecret {
                    return Masking.stars
                }
            } else if inSecret && !content.isEmpty {
                return indent + Masking.stars
            }
            guard let start = line.firstRange(of: "ENC[") else { return String(line) }
            return String(line[..<start.lowerBound]) + Masking.stars
        }.joined(separator: "\n").utf8)
    }

    /// `key` of a `key: …` line (the key plain or quoted), nil for anything else.
    private static func topLevelKey(_ line: Substring) -> String? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimming { $0 == "\"" || $0 == "'" || $0 == " " }
        let after = line[line.index(after: colon)...]
        guard !key.isEmpty, after.isEmpty || after.first == " " || after.first == "\t",
              key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        return key
    }

    /// A line that ends a secret's continuation lines: a comment or a merge conflict marker.
    private static func isMarker(_ line: Substring) -> Bool {
        line.hasPrefix("#") || line.hasPrefix("<<<<<<<") || line.hasPrefix("=======") || line.hasPrefix(">>>>>>>")
            || line.hasPrefix("|||||||")
    }
}

extension SOPSValue {
    /// The value as a user reads it (no trailing newline).
    var extractTextWithoutNewline: String {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        default: canonicalText
        }
    }
}
