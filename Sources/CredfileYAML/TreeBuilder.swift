/// Builds the node tree from libyaml's event stream and applies every structural rule as soon
/// as the offending event arrives.
///
/// It is iterative: open collections live on an explicit stack, so a 10,000-deep input fails
/// the depth check after `maxDepth` events instead of overflowing the call stack.
struct TreeBuilder {
    /// A collection whose end event has not arrived yet.
    private struct Frame {
        var isMapping: Bool
        var isFlow: Bool
        var start: SourcePosition
        var entries: [YAMLMappingEntry] = []
        var items: [YAMLNode] = []
        /// A key whose value has not arrived yet.
        var pendingKey: (name: String, range: SourceRange)?
        /// The line of each key seen so far, for the duplicate-key message. Keyed by UTF-8
        /// bytes, as go-yaml compares keys: NFC `caf\u{E9}` and NFD `cafe\u{301}` (or `K` and
        /// U+212A KELVIN SIGN) are two keys to sops, though equal as Swift strings.
        var keyLines: [[UInt8]: Int] = [:]
    }

    /// The only explicit tag the loader accepts, in the full form libyaml reports (`!!str`).
    static let stringTag = "tag:yaml.org,2002:str"

    let map: SourceMap
    let limits: YAMLLoadLimits
    private var stack: [Frame] = []
    private var nodeCount = 0
    private var documentCount = 0
    /// The finished root mapping, once its end event has arrived.
    private(set) var root: YAMLNode?

    init(map: SourceMap, limits: YAMLLoadLimits) {
        self.map = map
        self.limits = limits
    }

    /// Consumes one event; returns true at the end of the stream.
    mutating func consume(_ event: RawEvent) throws -> Bool {
        switch event.kind {
        case .streamStart, .documentEnd: break
        case .streamEnd: return true
        case .documentStart: try startDocument(event)
        case .alias: try checkNode(event)
        case .scalar: try checkNode(event); try deliver(scalarNode(event))
        case .sequenceStart, .mappingStart: try checkNode(event); try open(event)
        case .sequenceEnd, .mappingEnd: try close(event)
        }
        return false
    }

    /// The position of a libyaml mark.
    private func position(_ mark: RawMark) -> SourcePosition {
        map.position(ofScalarIndex: mark.index)
    }

    /// Allows exactly one document; the second one is reported where it starts.
    private mutating func startDocument(_ event: RawEvent) throws {
        documentCount += 1
        guard documentCount == 1 else {
            throw YAMLError(.multipleDocuments, "the file contains more than one YAML document",
                            at: position(event.start), hint: "keep one document per file")
        }
    }

    /// The rules that apply to every node event, in source order of what they look at.
    private mutating func checkNode(_ event: RawEvent) throws {
        nodeCount += 1
        let start = position(event.start)
        if nodeCount > limits.maxNodes {
            throw YAMLError(.tooManyNodes, "the document has more than \(limits.maxNodes) nodes", at: start)
        }
        try checkProperties(event, start: start)
        if stack.isEmpty {
            try checkRoot(event, start: start)
        } else if let top = stack.last, top.isMapping, top.pendingKey == nil, event.kind != .scalar {
            let what = event.kind == .mappingStart ? "a mapping" : "a sequence"
            throw YAMLError(.nonStringKey, "mapping key must be a string, found \(what)", at: start)
        }
    }

    /// Aliases, anchors and tags other than `!!str` are rejected: sops would expand or drop
    /// them, so the file would not round-trip.
    private func checkProperties(_ event: RawEvent, start: SourcePosition) throws {
        if event.kind == .alias {
            throw YAMLError(.alias, "aliases are not supported", at: start, hint: "write the value out in full")
        }
        let limit = map.bytes.count
        if event.hasAnchor {
            let at = map.position(ofByte: map.property("&", from: start.offset, limit: limit))
            throw YAMLError(.anchor, "anchors are not supported", at: at, hint: "remove the anchor")
        }
        if let tag = event.tag, !(event.kind == .scalar && tag == Self.stringTag) {
            let at = map.position(ofByte: map.property("!", from: start.offset, limit: limit))
            throw YAMLError(.unsupportedTag, Self.unsupportedTagMessage(tag), at: at,
                            hint: "only '!!str' is allowed; quote a value that starts with '!'")
        }
    }

    /// Names a tag only when it is a known YAML type: an unquoted value that starts with `!`
    /// (`password: !Passw0rd`) is a tag to libyaml, and must not end up in a message.
    private static func unsupportedTagMessage(_ tag: String) -> String {
        let core = "tag:yaml.org,2002:"
        let name = tag.dropFirst(core.count)
        guard tag.hasPrefix(core), knownTypes.contains(String(name)) else { return "custom tags are not supported" }
        return "tag '!!\(name)' is not supported"
    }

    /// The types of the YAML 1.1 tag repository, which are safe to name.
    private static let knownTypes: Set<String> = [
        "str", "int", "float", "bool", "null", "binary", "timestamp", "map", "seq", "omap", "pairs", "set",
        "merge", "value", "yaml",
    ]

    /// The root must be a mapping; an empty document is reported as empty.
    private func checkRoot(_ event: RawEvent, start: SourcePosition) throws {
        switch event.kind {
        case .mappingStart:
            return
        case .scalar where event.scalarValue.isEmpty && event.scalarStyle == .plain && event.tag == nil:
            throw YAMLError(.empty, "the document is empty", at: start)
        default:
            let what = event.kind == .sequenceStart ? "a sequence" : "a scalar"
            throw YAMLError(.notAMapping, "the document root must be a mapping, found \(what)", at: start)
        }
    }

    /// Opens a collection, enforcing the depth limit.
    private mutating func open(_ event: RawEvent) throws {
        let start = position(event.start)
        guard stack.count < limits.maxDepth else {
            throw YAMLError(.tooDeep, "collections are nested deeper than \(limits.maxDepth) levels", at: start)
        }
        stack.append(Frame(isMapping: event.kind == .mappingStart, isFlow: event.isFlow, start: start))
    }

    /// Closes the innermost collection. A flow collection ends after its bracket; a block one
    /// ends where its last child ends (libyaml's end mark is the next token's position).
    private mutating func close(_ event: RawEvent) throws {
        let frame = stack.removeLast()
        let lastChild = frame.isMapping ? frame.entries.last?.value.range : frame.items.last?.range
        let end = frame.isFlow ? position(event.end) : lastChild?.end ?? frame.start
        let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.entries) : .sequence(frame.items)
        try deliver(YAMLNode(content, range: SourceRange(start: frame.start, end: end)))
    }

    /// A scalar node with its normalized range (see `SourceMap.blockScalarEnd`).
    private func scalarNode(_ event: RawEvent) -> YAMLNode {
        let start = position(event.start)
        var end = position(event.end)
        if event.scalarStyle == .literal || event.scalarStyle == .folded {
            let parentColumn = stack.last.map { $0.start.column - 1 } ?? -1
            let offset = map.blockScalarEnd(start: start.offset, end: end.offset, parentColumn: parentColumn)
            end = map.position(ofByte: offset)
        }
        let scalar = YAMLScalar(event.scalarValue, style: event.scalarStyle, tag: event.tag)
        return YAMLNode(.scalar(scalar), range: SourceRange(start: start, end: end))
    }

    /// Hands a finished node to its parent: as a key, a value, an item, or the root.
    private mutating func deliver(_ node: YAMLNode) throws {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        if let key = stack[top].pendingKey {
            stack[top].entries.append(YAMLMappingEntry(key: key.name, keyRange: key.range, value: node))
            stack[top].pendingKey = nil
        } else {
            try acceptKey(node, inFrame: top)
        }
    }

    /// Checks a key (through `checkKey`, the one gate for key rules) and its uniqueness.
    private mutating func acceptKey(_ node: YAMLNode, inFrame top: Int) throws {
        // Collections in key position were rejected when they opened.
        guard let scalar = node.scalar else { return }
        try checkKey(scalar, at: node.range.start)
        if let firstLine = stack[top].keyLines[Array(scalar.value.utf8)] {
            throw YAMLError(.duplicateKey,
                            "duplicate key \(YAMLError.display(key: scalar.value)) (first defined on line \(firstLine))",
                            at: node.range.start)
        }
        stack[top].keyLines[Array(scalar.value.utf8)] = node.range.start.line
        stack[top].pendingKey = (scalar.value, node.range)
    }
}
