/// Depth-first traversal of leaves with their key paths.
///
/// A leaf is a scalar node. Its path is the list of mapping keys from the root down to it;
/// sequence items add no component, which is exactly the rule sops uses to build each value's
/// additional authenticated data (`path.joined(separator: ":") + ":"`). Empty mappings and
/// sequences contain no leaf and are not visited.
extension YAMLNode {
    /// Calls `body` for every scalar under (or equal to) this node, in document order, with
    /// `prefix` followed by the mapping keys on the way to it.
    public func forEachLeaf(
        path prefix: [String] = [],
        _ body: (_ path: [String], _ leaf: YAMLNode) throws -> Void
    ) rethrows {
        // An explicit stack (children pushed in reverse) keeps document order without recursion.
        var pending: [(path: [String], node: YAMLNode)] = [(prefix, self)]
        while let (path, node) = pending.popLast() {
            switch node.content {
            case .scalar:
                try body(path, node)
            case .mapping(let entries):
                pending.append(contentsOf: entries.reversed().map { (path + [$0.key], $0.value) })
            case .sequence(let items):
                pending.append(contentsOf: items.reversed().map { (path, $0) })
            }
        }
    }
}

extension YAMLDocument {
    /// Calls `body` for every scalar leaf of the document in document order, with its key
    /// path (mapping keys only; sequence items add nothing — the SOPS AAD rule).
    public func forEachLeaf(_ body: (_ path: [String], _ leaf: YAMLNode) throws -> Void) rethrows {
        try root.forEachLeaf(body)
    }
}
