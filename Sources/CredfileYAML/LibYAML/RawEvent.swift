/// A libyaml mark exactly as libyaml reports it: all three fields are 0-based, and `index` and
/// `column` count Unicode scalars, not bytes (verified on libyaml 0.2.5, see
/// `LibYAMLMarkTests`). Only `SourceMap` turns it into a `SourcePosition`.
struct RawMark: Sendable, Hashable {
    /// 0-based scalar index from the start of the input.
    var index: Int
    /// 0-based line.
    var line: Int
    /// 0-based column, in scalars.
    var column: Int
}

/// One libyaml parser event, copied out of C memory into Swift values, so that nothing outside
/// `LibYAML/` sees a C type.
struct RawEvent: Sendable {
    /// The event type (`YAML_*_EVENT`).
    enum Kind: Sendable, Equatable {
        case streamStart, streamEnd, documentStart, documentEnd, alias, scalar
        case sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    var kind: Kind
    /// Where the event's token (for a node: its first property, else its content) starts.
    var start: RawMark
    /// Where libyaml says it ends (not normalized: see `ScalarRange` for block scalars).
    var end: RawMark
    /// True when the node has an anchor (`&name`); the name itself is not kept.
    var hasAnchor = false
    /// The explicit tag in full form, if the node has one.
    var tag: String?
    /// For a scalar: its value after escapes, folding and chomping.
    var scalarValue = ""
    /// For a scalar: how it was written.
    var scalarStyle = YAMLScalar.Style.plain
    /// For a collection start: true for `{…}` / `[…]`.
    var isFlow = false
}

/// libyaml's reason for stopping, copied out of the parser struct.
struct LibYAMLFailure: Error, Sendable {
    /// Which libyaml stage failed (`yaml_error_type_t`).
    enum Stage: Sendable { case memory, reader, scanner, parser, other }

    var stage: Stage
    /// libyaml's problem text: a fixed C string literal, never input content.
    var problem: String
    /// libyaml's context text (e.g. "while scanning a simple key"), also a fixed literal.
    var context: String?
    /// Where the problem is (scanner and parser errors).
    var problemMark: RawMark
    /// Where the context started, when there is a context.
    var contextMark: RawMark?
    /// Byte offset of the problem (reader errors only: the reader works on raw bytes).
    var problemOffset: Int
}
