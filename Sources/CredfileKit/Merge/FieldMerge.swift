internal import CredfileYAML

/// The three-way merge of a credential's fields, as edits to the text of one side (the
/// *primary*; the other is the *secondary*): a value changed on one side wins, the same change
/// on both is no conflict, different changes to one key path are. Mappings are merged key by
/// key; a scalar or a list is one value; a path whose value changes shape (a mapping on one
/// side, a scalar on the other) is merged as one value.
///
/// Both documents must be under the same data key and selection rule (`MergeCredential`
/// arranges that): a value taken from the secondary then keeps its ciphertext, which stays
/// valid because the AAD is the key path (sops-format.md §2.1) and the path is the same.
struct FieldMerge {
    let primary: DecryptedDocument
    let secondary: DecryptedDocument
    /// false when both sides created the file (git's add/add): then every difference conflicts.
    let hasBase: Bool
    private(set) var edits: [TextEdit] = []
    /// Key paths both sides changed differently (or that cannot be merged as text).
    private(set) var conflicts: [[String]] = []

    init(primary: DecryptedDocument, secondary: DecryptedDocument, base: DecryptedDocument?) {
        self.primary = primary
        self.secondary = secondary
        hasBase = base != nil
        let root = { (d: DecryptedDocument) in MergeNode(d).entries ?? [] }
        mergeMappings(base.map(root), root(primary), root(secondary), path: [])
    }

    private mutating func mergeMappings(_ base: [MergeEntry]?, _ p: [MergeEntry], _ s: [MergeEntry], path: [String]) {
        var keys = p.map(\.key)
        for entry in s where MergeEntry.index(of: entry.key, in: p) == nil { keys.append(entry.key) }
        for key in keys {
            let b = base.flatMap { MergeEntry.find(key, in: $0) }
            let pi = MergeEntry.index(of: key, in: p), si = MergeEntry.index(of: key, in: s)
            mergeValue(b, p: pi.map { p[$0] }, s: si.map { s[$0] }, path: path + [key], parents: (p, s))
        }
    }

    private mutating func mergeValue(
        _ b: MergeNode?, p: MergeEntry?, s: MergeEntry?, path: [String], parents: ([MergeEntry], [MergeEntry])
    ) {
        if MergeNode.same(p?.value, s?.value) { return }
        if hasBase && MergeNode.same(s?.value, b) { return }
        if hasBase && MergeNode.same(p?.value, b) {
            take(p, s, path: path, parents: parents)
            return
        }
        if let pe = p?.value.entries, let se = s?.value.entries, !hasBase || b?.entries != nil {
            mergeMappings(b?.entries, pe, se, path: path)
            return
        }
        conflicts.append(path)
    }

    /// The secondary's value replaces the primary's (which is the base's).
    private mutating func take(_ p: MergeEntry?, _ s: MergeEntry?, path: [String], parents: ([MergeEntry], [MergeEntry])) {
        let source = primary.document.yaml.source
        switch (p, s) {
        case (let p?, nil):
            guard isBlockEntry(p.entry, in: source) else { return conflicts.append(path) }
            edits.append(SOPSDocument.lineRemoval(of: p.entry, in: source))
        case (nil, let s?):
            guard let edit = insertion(of: s, parents: parents) else { return conflicts.append(path) }
            edits.append(edit)
        case (let p?, let s?):
            if let pLeaf = p.value.leaf, let sLeaf = s.value.leaf, !pLeaf.leaf.inFlow {
                edits.append(TextEdit(range: pLeaf.leaf.node.range.byteRange, replacement: Array(token(for: sLeaf, path: path).utf8)))
            } else if let text = entryText(s, column: p.entry.keyRange.start.column), isBlockEntry(p.entry, in: source) {
                edits.append(TextEdit(range: SOPSDocument.lineRemoval(of: p.entry, in: source).range, replacement: text))
            } else {
                conflicts.append(path)
            }
        case (nil, nil):
            return
        }
    }

    /// The secondary's stored token when it is encrypted (same key, same path: the ciphertext
    /// is valid as it is), else the value's plain YAML token.
    private func token(for leaf: DecryptedLeaf, path: [String]) -> String {
        if let encrypted = leaf.encrypted {
            guard !leaf.leaf.inFlow else { return encrypted.text }
            return String(decoding: secondary.document.yaml.source[leaf.leaf.node.range.byteRange], as: UTF8.self)
        }
        return leaf.value?.yamlToken ?? "null"
    }

    /// The secondary's entry `s`, added to the primary's mapping after the nearest key that
    /// precedes it in the secondary and exists in the primary (else before the first key), so
    /// that it lands where the other branch put it.
    private func insertion(of s: MergeEntry, parents: ([MergeEntry], [MergeEntry])) -> TextEdit? {
        let source = primary.document.yaml.source
        let (p, all) = (parents.0, parents.1)
        guard let first = p.first, isBlockEntry(first.entry, in: source),
            let text = entryText(s, column: first.entry.keyRange.start.column),
            let position = MergeEntry.index(of: s.key, in: all)
        else { return nil }
        let anchor = all[..<position].reversed().lazy.compactMap { MergeEntry.index(of: $0.key, in: p).map { p[$0] } }.first
        guard let anchor else {
            let start = first.entry.keyRange.start.offset - (first.entry.keyRange.start.column - 1)
            return TextEdit(range: start..<start, replacement: text)
        }
        let end = SOPSDocument.lineRemoval(of: anchor.entry, in: source).range.upperBound
        guard end == source.count, source.last != UInt8(ascii: "\n") else { return TextEdit(range: end..<end, replacement: text) }
        // The anchor is the last line and has no line break: the new entry brings one.
        return TextEdit(range: end..<end, replacement: [UInt8(ascii: "\n")] + text.dropLast())
    }

    /// The secondary's lines for `entry` (ending with a line break), moved to start at
    /// `column`; nil when the entry does not stand on lines of its own.
    private func entryText(_ entry: MergeEntry, column: Int) -> [UInt8]? {
        let source = secondary.document.yaml.source
        guard isBlockEntry(entry.entry, in: source) else { return nil }
        var text = Array(source[SOPSDocument.lineRemoval(of: entry.entry, in: source).range])
        if text.last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
        let shift = column - entry.entry.keyRange.start.column
        guard shift != 0 else { return text }
        var out: [UInt8] = []
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            if shift > 0 {
                out += line.isEmpty ? [] : Array(repeating: UInt8(ascii: " "), count: shift)
                out += line
            } else {
                // Moving left: only indentation may go (a block scalar keeps its relative indent).
                let cut = min(-shift, line.prefix { $0 == UInt8(ascii: " ") }.count)
                guard cut == -shift || line.allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
                out += line.dropFirst(cut)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Whether `entry` is a block mapping entry: only spaces before its key on the line, so
    /// its lines can be removed or copied whole.
    private func isBlockEntry(_ entry: YAMLMappingEntry, in source: [UInt8]) -> Bool {
        let keyStart = entry.keyRange.start
        let lineStart = keyStart.offset - (keyStart.column - 1)
        guard lineStart >= 0, keyStart.offset <= source.count else { return false }
        return source[lineStart..<keyStart.offset].allSatisfy { $0 == UInt8(ascii: " ") }
    }
}
