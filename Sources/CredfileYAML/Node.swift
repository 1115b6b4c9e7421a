/// A node of a loaded YAML document, with its exact place in the source.
///
/// Ranges never include a trailing line break, so replacing a node's bytes with a one-line
/// token keeps the line structure intact (the surgical writer relies on this).
public struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case mapping([YAMLMappingEntry])
        case sequence([YAMLNode])
    }

    /// The scalar, mapping or sequence.
    public var content: Content
    /// The node's bytes (`source[range.byteRange]`), never ending in a line break:
    ///
    /// - plain scalar: the text as written, without trailing spaces or a comment; an empty
    ///   value (`key:`) is a zero-length range right after the colon;
    /// - quoted scalar: both quotes included;
    /// - block scalar (`|`, `|-`, `>+2`…): from the indicator to the end of the last content
    ///   line, excluding its line break, trailing blank lines (even those a `+` keeps in the
    ///   value) and any comment after the block; with no content line, just the header;
    /// - block mapping / sequence: from its first key / first `-` to the end of its last
    ///   value's range; flow mapping / sequence: from `{` / `[` to after `}` / `]`.
    ///
    /// A node's tag (`!!str`, the only one the loader accepts) belongs to it: the range then
    /// starts at the `!`.
    public var range: SourceRange

    /// Creates a node from its content and source range.
    public init(_ content: Content, range: SourceRange) {
        self.content = content
        self.range = range
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The entries, when this node is a mapping.
    public var mapping: [YAMLMappingEntry]? {
        if case .mapping(let m) = content { return m }
        return nil
    }

    /// The items, when this node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let s) = content { return s }
        return nil
    }

    /// The value of the first entry whose key is `key`, when this node is a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key == key }?.value
    }
}

/// A scalar as written: its value after YAML processing (escapes, folding, chomping) and
/// the style it was written in, which decides how it resolves (a quoted `123` is a string).
public struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The value after escapes, folding and chomping.
    public var value: String
    /// How the scalar was written.
    public var style: Style
    /// The explicit tag in its full form (`tag:yaml.org,2002:str` for `!!str`), if any.
    public var tag: String?

    /// Creates a scalar.
    public init(_ value: String, style: Style = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.tag = tag
    }
}

/// One `key: value` pair of a mapping. Keys are strings: the strict loader rejects others.
public struct YAMLMappingEntry: Sendable, Hashable {
    /// The key's loaded string value (so `"a"` and `a` are the same key).
    public var key: String
    /// Where the key token is (its first byte gives the entry's indentation).
    public var keyRange: SourceRange
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: String, keyRange: SourceRange, value: YAMLNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// A loaded single-document file: the root mapping and the exact bytes it came from.
public struct YAMLDocument: Sendable {
    /// The root mapping.
    public var root: YAMLNode
    /// The exact bytes the document was loaded from; node ranges index into it.
    public var source: [UInt8]

    /// Creates a document.
    public init(root: YAMLNode, source: [UInt8]) {
        self.root = root
        self.source = source
    }
}
