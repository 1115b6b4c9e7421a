internal import CredfileYAML

/// A credential's data (the `sops` key left out) as a tree with its decrypted values, the
/// unit a three-way merge compares: mappings are merged key by key, and a scalar or a whole
/// list is one value (a list has no key path per item, sops-format.md §2.1).
///
/// Each node keeps where it is in its file, so that the merge can edit the text surgically;
/// comparison (`same(as:)`) looks at values only.
struct MergeNode: Sendable {
    enum Content: Sendable {
        case scalar(DecryptedLeaf)
        case list([MergeNode])
        case mapping([MergeEntry])
    }

    var content: Content
    var node: YAMLNode

    var entries: [MergeEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    var leaf: DecryptedLeaf? {
        if case .scalar(let leaf) = content { return leaf }
        return nil
    }

    /// The data of `decrypted` as a mapping node (its root, without the `sops` entry).
    init(_ decrypted: DecryptedDocument) {
        let yaml = decrypted.document.yaml
        var next = 0
        let entries = (yaml.root.mapping ?? []).filter { $0.key != "sops" }.map {
            MergeEntry(key: $0.key, entry: $0, value: MergeNode(building: $0.value, leaves: decrypted.leaves, next: &next))
        }
        self.init(content: .mapping(entries), node: yaml.root)
    }

    private init(content: Content, node: YAMLNode) {
        self.content = content
        self.node = node
    }

    /// Walks the nodes in the order `SOPSDocument` collected its leaves (entries, then items,
    /// depth first), so the n-th scalar met is the n-th decrypted leaf.
    private init(building node: YAMLNode, leaves: [DecryptedLeaf], next: inout Int) {
        switch node.content {
        case .scalar:
            let leaf = leaves[next]
            next += 1
            self.init(content: .scalar(leaf), node: node)
        case .sequence(let items):
            var built: [MergeNode] = []
            for item in items { built.append(MergeNode(building: item, leaves: leaves, next: &next)) }
            self.init(content: .list(built), node: node)
        case .mapping(let entries):
            var built: [MergeEntry] = []
            for entry in entries {
                built.append(MergeEntry(key: entry.key, entry: entry, value: MergeNode(building: entry.value, leaves: leaves, next: &next)))
            }
            self.init(content: .mapping(built), node: node)
        }
    }

    /// Same values, whatever the layout, the quoting or (in a mapping) the key order; strings
    /// and keys compared byte for byte, as sops compares them.
    func same(as other: MergeNode) -> Bool {
        switch (content, other.content) {
        case (.scalar(let a), .scalar(let b)):
            return a.value == b.value && a.comment.map { Array($0.utf8) } == b.comment.map { Array($0.utf8) }
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.same(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count && a.allSatisfy { entry in MergeEntry.find(entry.key, in: b)?.same(as: entry.value) == true }
        default:
            return false
        }
    }

    /// `same(as:)` for values that may be absent: two absent values are the same.
    static func same(_ a: MergeNode?, _ b: MergeNode?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): a.same(as: b)
        default: false
        }
    }
}

/// One `key: value` of a mapping in a merge tree.
struct MergeEntry: Sendable {
    var key: String
    var entry: YAMLMappingEntry
    var value: MergeNode

    /// The value under `key` (byte-wise, as keys are compared everywhere on the update path).
    static func find(_ key: String, in entries: [MergeEntry]) -> MergeNode? {
        entries.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    static func index(of key: String, in entries: [MergeEntry]) -> Int? {
        entries.firstIndex { $0.key.utf8.elementsEqual(key.utf8) }
    }
}
