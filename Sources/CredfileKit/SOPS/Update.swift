internal import CredfileCrypto
public import CredfileYAML

/// One change to a credential's fields.
public enum FieldChange: Sendable, Equatable {
    /// Set the scalar at `path` (mapping keys), adding the key if it is missing.
    case set(path: [String], value: SOPSValue)
    /// Remove the key at `path`.
    case remove(path: [String])
}

extension DecryptedDocument {
    /// Applies `changes` the way `sops set`/`unset` do (sops-format.md §6): the data key is
    /// kept, an unchanged value keeps its exact ciphertext, a changed or new value gets a fresh
    /// IV, and `lastmodified` and `mac` are renewed. Only those bytes of the file change.
    public func updated(_ changes: [FieldChange], now: GoTime = .now()) throws -> [UInt8] {
        let metadata = try document.requireMetadata()
        let removed = changes.compactMap { change -> [String]? in
            if case .remove(let path) = change { path } else { nil }
        }
        var edits: [TextEdit] = []
        for change in changes {
            if let edit = try edit(for: change, rule: metadata.rule, removed: removed) { edits.append(edit) }
        }
        edits.sort { $0.range.lowerBound < $1.range.lowerBound }
        let draft = try TextEdit.apply(edits, to: document.yaml.source)
        return try SOPSDocument.sealMAC(draft, path: document.path, dataKey: dataKey, now: now)
    }

    private func edit(for change: FieldChange, rule: EncryptionRule, removed: [[String]]) throws -> TextEdit? {
        switch change {
        case .set(let path, let value):
            try Self.checkEditable(path, document: document.path)
            if let leaf = leaves.first(where: { AdditionalData.samePath($0.leaf.path, path) && !$0.leaf.isSequenceItem }) {
                return try replacement(of: leaf, with: value, rule: rule)
            }
            return try insertion(path: path, value: value, rule: rule, removed: removed)
        case .remove(let path):
            try Self.checkEditable(path, document: document.path)
            let (_, entry) = try locate(path)
            return SOPSDocument.lineRemoval(of: entry, in: document.yaml.source)
        }
    }

    static func checkEditable(_ path: [String], document: String) throws {
        guard let first = path.first else { throw CredfileError(.usage, "empty field path", path: document) }
        guard first != "sops" else { throw CredfileError(.usage, "the 'sops' block cannot be edited as a field", path: document) }
    }

    /// The new token of an existing leaf, or nil when the value is unchanged (then even its
    /// ciphertext stays byte for byte, §6.3).
    private func replacement(of leaf: DecryptedLeaf, with value: SOPSValue, rule: EncryptionRule) throws -> TextEdit? {
        let storedEncrypted = leaf.encrypted != nil
        if leaf.value == value && storedEncrypted == Self.encrypts(value, leaf.leaf.path, rule) { return nil }
        guard !leaf.leaf.inFlow else {
            throw CredfileError(
                .unsupported, "'\(SOPSDocument.display(leaf.leaf.path))' is inside a flow collection and cannot be edited",
                path: document.path, at: leaf.leaf.node.range.start)
        }
        let token = try self.token(for: value, path: leaf.leaf.path, rule: rule)
        return TextEdit(range: leaf.leaf.node.range.byteRange, replacement: Array(token.utf8))
    }

    private static func encrypts(_ value: SOPSValue, _ path: [String], _ rule: EncryptionRule) -> Bool {
        rule.encrypts(path) && !value.canonicalBytes.isEmpty
    }

    private func token(for value: SOPSValue, path: [String], rule: EncryptionRule) throws -> String {
        Self.encrypts(value, path, rule) ? try SOPSDocument.seal(value, path: path, key: dataKey) : value.yamlToken
    }

    /// A new `key: value` line after the last entry of the parent block mapping (before `sops`
    /// at the top level) that this same update keeps. When the update removes every entry,
    /// the line goes where the first removed one starts: an insertion inside a removed line
    /// would be lost with it (an `edit` that drops the last field and adds another).
    private func insertion(path: [String], value: SOPSValue, rule: EncryptionRule, removed: [[String]]) throws -> TextEdit {
        let parentPath = Array(path.dropLast())
        let parent = try mapping(at: parentPath)
        let entries = parent.entries.filter { !(parent.isRoot && $0.key == "sops") }
        guard let first = entries.first else {
            throw CredfileError(.usage, "cannot add a key to an empty mapping", path: document.path)
        }
        let indent = String(repeating: " ", count: first.keyRange.start.column - 1)
        let text = "\(indent)\(YAMLScalarWriter.key(path.last!)): \(try token(for: value, path: path, rule: rule))"
        let kept = entries.filter { entry in !removed.contains { AdditionalData.samePath($0, parentPath + [entry.key]) } }
        guard let last = kept.last else {
            let at = SOPSDocument.lineRemoval(of: first, in: document.yaml.source).range.lowerBound
            return TextEdit(range: at..<at, replacement: Array((text + "\n").utf8))
        }
        let at = last.value.range.end.offset
        return TextEdit(range: at..<at, replacement: Array(("\n" + text).utf8))
    }

    private func mapping(at path: [String]) throws -> (entries: [YAMLMappingEntry], isRoot: Bool) {
        let node = path.isEmpty ? document.yaml.root : try locate(path).0
        guard let entries = node.mapping, !node.startsFlow(in: document.yaml.source) else {
            throw CredfileError(
                .unsupported, "'\(SOPSDocument.display(path))' is not a block mapping", path: document.path, at: node.range.start)
        }
        return (entries, path.isEmpty)
    }

    /// The node and the mapping entry at `path`, through block mappings only.
    private func locate(_ path: [String]) throws -> (YAMLNode, YAMLMappingEntry) {
        var node = document.yaml.root
        var found: YAMLMappingEntry?
        for key in path {
            guard let entry = node.mapping?.first(where: { $0.key.utf8.elementsEqual(key.utf8) }) else {
                throw CredfileError(.noSuchField, "no field '\(SOPSDocument.display(path))'", path: document.path)
            }
            found = entry
            node = entry.value
        }
        return (node, found!)
    }
}

extension SOPSDocument {
    /// Deletes an entry with its whole lines: from the start of the key's line to the line
    /// break after its value. Comments above the key stay.
    static func lineRemoval(of entry: YAMLMappingEntry, in source: [UInt8]) -> TextEdit {
        let start = entry.keyRange.start.offset - (entry.keyRange.start.column - 1)
        var end = entry.value.range.end.offset
        while end < source.count && source[end] != UInt8(ascii: "\n") { end += 1 }
        if end < source.count { end += 1 }
        return TextEdit(range: start..<end, replacement: [])
    }
}
