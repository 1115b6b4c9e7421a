public import CredfileYAML

extension DecryptedDocument {
    /// Applies `changes` and moves the file to the selection rule `newRule` (a credential
    /// whose type changes must encrypt the new type's sensitive fields, DESIGN.md §2.4).
    ///
    /// Still a surgical update: the rule's line in the `sops` block is rewritten, a value
    /// that becomes sensitive is encrypted (fresh IV), one that stops being sensitive is
    /// written in plain text, and every other value keeps its bytes. Data key kept; `mac` and
    /// `lastmodified` renewed. With the file's own rule this is `updated(_:now:)`.
    public func updated(_ changes: [FieldChange], rule newRule: EncryptionRule, now: GoTime = .now()) throws -> [UInt8] {
        let metadata = try document.requireMetadata()
        guard newRule != metadata.rule else { return try updated(changes, now: now) }
        let moved = try SOPSDocument(bytes: ruleRewritten(to: newRule, metadata: metadata), path: document.path)
        // Only the `sops` block changed, so the leaves are the same ones in the same order.
        guard moved.leaves.map(\.path) == leaves.map(\.leaf.path) else {
            throw CredfileError(.unsupported, "the fields changed while the selection rule was rewritten", path: document.path)
        }
        let carried = zip(moved.leaves, leaves).map { leaf, old in
            DecryptedLeaf(leaf: leaf, value: old.value, encrypted: old.encrypted, comment: old.comment)
        }
        let rebased = DecryptedDocument(document: moved, dataKey: dataKey, leaves: carried)
        return try rebased.updated(changes + reselections(carried, rule: newRule, except: changes), now: now)
    }

    /// A same-value `set` for every leaf stored the wrong way under `rule`: `updated` then
    /// re-encodes exactly those (its no-op test compares the stored form with the rule).
    private func reselections(
        _ leaves: [DecryptedLeaf], rule: EncryptionRule, except changes: [FieldChange]
    ) throws -> [FieldChange] {
        let touched = Set(changes.map(\.path))
        var result: [FieldChange] = []
        for leaf in leaves where leaf.comment == nil && !touched.contains(leaf.leaf.path) {
            guard let value = leaf.value else { continue }
            let wanted = rule.encrypts(leaf.leaf.path) && !value.canonicalBytes.isEmpty
            guard wanted != (leaf.encrypted != nil) else { continue }
            guard !leaf.leaf.isSequenceItem else {
                throw CredfileError(
                    .unsupported, "'\(SOPSDocument.display(leaf.leaf.path))' is a list, which a type change cannot re-encrypt",
                    path: document.path, at: leaf.leaf.node.range.start)
            }
            result.append(.set(path: leaf.leaf.path, value: value))
        }
        return result
    }

    /// The file with its selection rule replaced by `rule` (or, when it names none, with
    /// `rule` added after `mac`, where sops 3.11 writes it).
    private func ruleRewritten(to rule: EncryptionRule, metadata: SOPSMetadata) throws -> [UInt8] {
        let line = "\(rule.kind.rawValue): \(YAMLScalarWriter.string(rule.pattern))"
        let source = document.yaml.source
        if let entry = document.sopsEntry?.value.mapping?.first(where: { EncryptionRule.Kind(rawValue: $0.key) != nil }) {
            let range = entry.keyRange.start.offset..<entry.value.range.end.offset
            return try TextEdit.apply([TextEdit(range: range, replacement: Array(line.utf8))], to: source)
        }
        let anchor = metadata.macRange ?? metadata.lastModifiedRange
        let indent = String(repeating: " ", count: metadata.lastModifiedKeyColumn(in: document) - 1)
        let at = anchor.end.offset
        return try TextEdit.apply([TextEdit(range: at..<at, replacement: Array("\n\(indent)\(line)".utf8))], to: source)
    }
}

extension FieldChange {
    /// The key path the change is about.
    public var path: [String] {
        switch self {
        case .set(let path, _), .remove(let path): path
        }
    }
}

extension SOPSMetadata {
    /// The column of the `sops` block's keys (4 in the layout sops writes).
    func lastModifiedKeyColumn(in document: SOPSDocument) -> Int {
        document.sopsEntry?.value.mapping?.first { $0.key == "lastmodified" }?.keyRange.start.column ?? 5
    }
}
