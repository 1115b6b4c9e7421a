internal import CredfileYAML
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The text `credfile edit` shows and reads back: the decrypted credential, and, after a
/// failed save, the problems as `# ` comments at the top (as `kubectl edit` does).
public enum EditBuffer {
    static let firstHeaderLine = "# credfile edit: your changes were NOT saved, because of these problems:"
    static let lastHeaderLine = "# Fix them and save to try again, or quit without saving to abandon the edit. (These lines are removed.)"

    /// `problems` as a comment block followed by `body`.
    public static func withHeader(_ problems: [String], body: [UInt8]) -> [UInt8] {
        let lines = [firstHeaderLine] + problems.map { "#   " + $0.replacing("\n", with: " ") }
            + [lastHeaderLine, ""]
        return Array(lines.joined(separator: "\n").utf8) + body
    }

    /// `text` without the header block, when it starts with one (a user who edited inside
    /// the block still gets it removed, up to its last line).
    public static func strippingHeader(_ text: [UInt8]) -> [UInt8] {
        guard text.starts(with: Array(firstHeaderLine.utf8)) else { return text }
        let marker = Array((lastHeaderLine + "\n").utf8)
        guard let end = text.firstRange(of: marker) else { return text }
        return Array(text[end.upperBound...])
    }

    /// The field changes from `original` to the edited plaintext: a `set` for each top-level
    /// value that differs or is new, a `remove` for each key that is gone. Comments, order
    /// and layout are not changes (the file keeps its own). Errors carry a position in `edited`.
    public static func changes(from original: DecryptedDocument, to edited: [UInt8]) throws -> [FieldChange] {
        let path = original.document.path
        let document = try SOPSDocument(bytes: edited, path: path)
        guard document.sopsEntry == nil else {
            throw CredfileError(.usage, "remove the 'sops' key: edit shows and saves the decrypted fields only", path: path)
        }
        guard let entries = document.yaml.root.mapping else {
            throw CredfileError(.usage, "a credential must be a mapping of fields", path: path)
        }
        let before = topLevelValues(original)
        var changes: [FieldChange] = []
        for entry in entries {
            guard let value = try scalarValue(entry, path: path) else {
                if before[entry.key] == .some(nil) { continue }
                throw CredfileError(
                    .usage, "'\(entry.key)' has no value; delete its line to remove the field", path: path,
                    at: entry.keyRange.start)
            }
            if before[entry.key] != .some(value) { changes.append(.set(path: [entry.key], value: value)) }
        }
        let kept = Set(entries.map(\.key))
        for leaf in original.leaves where leaf.leaf.path.count == 1 && !kept.contains(leaf.leaf.path[0]) {
            changes.append(.remove(path: leaf.leaf.path))
        }
        if changes.contains(where: { $0.path == ["name"] }) { throw SetFields.nameImmutable.inFile(path) }
        return changes
    }

    /// Top-level scalar values of the decrypted file (nil for null).
    static func topLevelValues(_ decrypted: DecryptedDocument) -> [String: SOPSValue?] {
        var values: [String: SOPSValue?] = [:]
        for leaf in decrypted.leaves where leaf.leaf.path.count == 1 && !leaf.leaf.isSequenceItem {
            values[leaf.leaf.path[0]] = leaf.value
        }
        return values
    }

    /// The typed value of a top-level entry; nil for null.
    private static func scalarValue(_ entry: YAMLMappingEntry, path: String) throws -> SOPSValue? {
        guard let scalar = entry.value.scalar else {
            throw CredfileError(
                .unsupported, "'\(entry.key)' must be a single value (edit does not change lists or mappings)", path: path,
                at: entry.value.range.start)
        }
        do {
            return try SOPSValue(YAMLResolver.resolve(scalar))
        } catch let error as CredfileError where error.path == nil {
            throw CredfileError(error.kind, "'\(entry.key)': \(error.message)", path: path, at: entry.value.range.start)
        }
    }
}
