/// Upper bounds that keep a hostile or accidental input from costing unbounded time or memory.
public struct YAMLLoadLimits: Sendable {
    /// The largest accepted input, in bytes; checked before anything is parsed.
    public var maxBytes = 1 << 20
    /// The deepest accepted nesting of collections (the root mapping is depth 1).
    public var maxDepth = 64
    /// The most nodes (keys, values and items, scalars and collections) a document may have.
    public var maxNodes = 100_000

    /// The default limits, ample for any credential file.
    public init() {}
}

/// The strict YAML loader for credential files.
public enum YAMLLoader {
    /// Strict load of a credential-like file: exactly one document whose root is a mapping.
    ///
    /// Rejects (each with its own `YAMLError.Kind` and the position of the offending token):
    /// inputs over the limits; anything but UTF-8 without BOM, NUL, CR and control characters;
    /// libyaml syntax errors; zero or several documents; a non-mapping root; duplicate keys
    /// (compared by value, so `"a"` and `a` collide); anchors, aliases, tags other than `!!str`
    /// and the merge key `<<`; keys that are collections or resolve to null.
    ///
    /// Every node carries its exact source range; see `YAMLNode.range`.
    public static func load(_ bytes: [UInt8], limits: YAMLLoadLimits = YAMLLoadLimits()) throws -> YAMLDocument {
        guard bytes.count <= limits.maxBytes else {
            // Not the exact size: readers stop at the limit plus one byte, so memory stays
            // bounded however large the file (issue 8), and the count would be theirs, not the file's.
            throw YAMLError(.tooLarge, "the file is larger than the limit of \(limits.maxBytes) bytes",
                            at: SourcePosition(offset: 0, line: 1, column: 1))
        }
        YAMLParseCount.current?.record(bytes)
        let map = try SourceMap(validating: bytes)
        let parser = LibYAMLParser(bytes)
        var builder = TreeBuilder(map: map, limits: limits)
        while try !builder.consume(nextEvent(from: parser, map: map)) {}
        guard let root = builder.root else {
            throw YAMLError(.empty, "the file contains no YAML document", at: SourcePosition(offset: 0, line: 1, column: 1))
        }
        return YAMLDocument(root: root, source: bytes)
    }

    /// The next event, with a libyaml failure turned into a `YAMLError`.
    private static func nextEvent(from parser: LibYAMLParser, map: SourceMap) throws -> RawEvent {
        switch parser.next() {
        case .success(let event): return event
        case .failure(let failure): throw syntaxError(failure, map: map)
        }
    }

    /// libyaml's problem and context are fixed C literals (no input content), so they are
    /// safe to show; the context position helps with e.g. an unterminated quote.
    static func syntaxError(_ failure: LibYAMLFailure, map: SourceMap) -> YAMLError {
        switch failure.stage {
        case .memory:
            return YAMLError(.internal, "libyaml ran out of memory", at: map.position(ofByte: 0))
        case .reader:
            // The reader works on bytes, so its position is a byte offset.
            return YAMLError(.syntax, failure.problem, at: map.position(ofByte: failure.problemOffset))
        case .scanner, .parser, .other:
            var message = failure.problem
            if let context = failure.context, let mark = failure.contextMark {
                message += " (\(context) at \(map.position(ofScalarIndex: mark.index)))"
            }
            return YAMLError(.syntax, message, at: map.position(ofScalarIndex: failure.problemMark.index))
        }
    }
}
