public import CredfileYAML

/// A credential file as loaded: strict YAML plus, when encrypted, its sops metadata.
public struct SOPSDocument: Sendable {
    /// One scalar leaf of the data (the `sops` key excluded), in document order.
    public struct Leaf: Sendable {
        /// Mapping keys from the root; sequence items add no component (the AAD rule, §2.1).
        public var path: [String]
        public var node: YAMLNode
        public var scalar: YAMLScalar
        /// Inside a flow collection (`[a, b]`, `{a: 1}`), where a token must be quoted.
        public var inFlow: Bool
        /// A sequence item (sops stores a comment inside a list as such an item, §5.2).
        public var isSequenceItem: Bool
    }

    /// The file as the user named it, for messages.
    public var path: String
    public var yaml: YAMLDocument
    /// nil for a plaintext file.
    public var metadata: SOPSMetadata?
    /// The top-level `sops` entry, when present.
    var sopsEntry: YAMLMappingEntry?
    public var leaves: [Leaf]

    /// Loads and checks `bytes`. Errors carry `path` and a position.
    public init(bytes: [UInt8], path: String, limits: YAMLLoadLimits = YAMLLoadLimits()) throws {
        let yaml: YAMLDocument
        do {
            yaml = try YAMLLoader.load(bytes, limits: limits)
        } catch let error as YAMLError {
            throw CredfileError(error, path: path)
        }
        try self.init(yaml: yaml, path: path)
    }

    /// Checks the sops metadata of a file already loaded as YAML.
    init(yaml: YAMLDocument, path: String) throws {
        self.path = path
        self.yaml = yaml
        let entries = yaml.root.mapping ?? []
        sopsEntry = entries.first { $0.key == "sops" }
        do {
            metadata = try sopsEntry.map { try SOPSMetadata(parsing: $0.value) }
        } catch let error as CredfileError {
            throw error.inFile(path)
        }
        var leaves: [Leaf] = []
        for entry in entries where entry.key != "sops" {
            Self.collect(entry.value, path: [entry.key], inFlow: false, item: false, source: yaml.source, into: &leaves)
        }
        self.leaves = leaves
    }

    /// Whether the file has a `sops` block.
    public var isEncrypted: Bool { metadata != nil }

    /// Depth-first, document order; iterative depth is bounded by the loader's `maxDepth`.
    private static func collect(
        _ node: YAMLNode, path: [String], inFlow: Bool, item: Bool, source: [UInt8], into leaves: inout [Leaf]
    ) {
        switch node.content {
        case .scalar(let scalar):
            leaves.append(Leaf(path: path, node: node, scalar: scalar, inFlow: inFlow, isSequenceItem: item))
        case .mapping(let entries):
            let flow = inFlow || node.startsFlow(in: source)
            for entry in entries {
                collect(entry.value, path: path + [entry.key], inFlow: flow, item: false, source: source, into: &leaves)
            }
        case .sequence(let items):
            let flow = inFlow || node.startsFlow(in: source)
            for child in items { collect(child, path: path, inFlow: flow, item: true, source: source, into: &leaves) }
        }
    }

    /// The path for messages: `db.password`.
    static func display(_ path: [String]) -> String { path.joined(separator: ".") }
}

extension YAMLNode {
    /// A flow collection's range starts at its bracket (`[` or `{`).
    func startsFlow(in source: [UInt8]) -> Bool {
        guard range.start.offset < source.count else { return false }
        let first = source[range.start.offset]
        return first == UInt8(ascii: "[") || first == UInt8(ascii: "{")
    }
}
