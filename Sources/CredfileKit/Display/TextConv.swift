internal import Foundation
internal import CredfileYAML

/// `credfile textconv FILE`: the review form `git diff` shows for a credential — plain fields
/// as they are, each secret masked (`****` + last four with a key, `****` without), and the
/// `sops` block summarised to its recipients and time, so diffs show what changed and never
/// a value or a ciphertext.
public enum TextConv {
    public static func render(_ bytes: [UInt8], identities: IdentityDiscovery) -> [UInt8] {
        guard let document = try? SOPSDocument(bytes: bytes, path: "") else { return masked(bytes) }
        let decrypted = document.metadata == nil ? nil : (try? identities.identities()).flatMap {
            try? document.decrypt(identities: $0, verifyMAC: false)
        }
        var edits: [TextEdit] = []
        for leaf in document.leaves {
            guard case .string(let text) = YAMLResolver.resolve(leaf.scalar), EncryptedValue.looksEncrypted(text) else { continue }
            let plain = decrypted?.leaves.first { $0.leaf.node.range == leaf.node.range }?.value
            let shown = plain.map { Masking.mask($0.extractTextWithoutNewline) } ?? Masking.stars
            edits.append(TextEdit(range: leaf.node.range.byteRange, replacement: Array(YAMLScalarWriter.string(shown).utf8)))
        }
        if let entry = document.sopsEntry, let metadata = document.metadata {
            let removal = SOPSDocument.lineRemoval(of: entry, in: document.yaml.source)
            edits.append(TextEdit(range: removal.range, replacement: Array(summary(metadata).utf8)))
        }
        return (try? TextEdit.apply(edits, to: document.yaml.source)) ?? masked(bytes)
    }

    private static func summary(_ metadata: SOPSMetadata) -> String {
        let recipients = metadata.age.map(\.recipient).joined(separator: ", ")
        return "sops: # encrypted to \(recipients); lastmodified \(metadata.lastModified)\n"
    }

    /// A file that does not load: every `ENC[…]` token replaced by `****`, line by line.
    private static func masked(_ bytes: [UInt8]) -> [UInt8] {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return Array(lines.map { line in
            guard let start = line.range(of: "ENC[") else { return String(line) }
            return String(line[..<start.lowerBound]) + Masking.stars
        }.joined(separator: "\n").utf8)
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
