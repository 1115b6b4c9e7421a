internal import CYAML

/// Owns one libyaml event parser over a private copy of the input.
///
/// libyaml keeps pointers to both the parser struct (its string reader gets the parser as
/// context) and the input bytes for the parser's whole life, so both are heap-allocated here
/// at stable addresses and freed only in `deinit`.
final class LibYAMLParser {
    /// <yaml_parser_t>, owned: `yaml_parser_delete` and deallocated in `deinit`.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// Owned copy of the input that libyaml reads from until `deinit`.
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Prepares a parser for UTF-8 input; nothing is read until `next()`.
    init(_ bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            // libyaml fails here only when malloc fails.
            fatalError("libyaml could not allocate a parser")
        }
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        // Tell libyaml the encoding instead of letting it sniff for a BOM (BOMs are rejected).
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or libyaml's failure. After a failure libyaml must not be called again.
    func next() -> Result<RawEvent, LibYAMLFailure> {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { return .failure(failure()) }
        defer { yaml_event_delete(&event) }
        return .success(RawEvent(event))
    }

    /// Copies the error fields out of the parser.
    private func failure() -> LibYAMLFailure {
        let p = parser.pointee
        return LibYAMLFailure(
            stage: LibYAMLFailure.Stage(p.error),
            problem: p.problem.map { String(cString: $0) } ?? "unknown libyaml error",
            context: p.context.map { String(cString: $0) },
            problemMark: RawMark(p.problem_mark),
            contextMark: p.context == nil ? nil : RawMark(p.context_mark),
            problemOffset: p.problem_offset
        )
    }
}

extension LibYAMLFailure.Stage {
    /// Maps `yaml_error_type_t`.
    init(_ error: yaml_error_type_t) {
        switch error {
        case YAML_MEMORY_ERROR: self = .memory
        case YAML_READER_ERROR: self = .reader
        case YAML_SCANNER_ERROR: self = .scanner
        case YAML_PARSER_ERROR: self = .parser
        default: self = .other
        }
    }
}

extension RawMark {
    /// Copies a `yaml_mark_t` (all fields 0-based, counting scalars).
    init(_ mark: yaml_mark_t) {
        self.init(index: mark.index, line: mark.line, column: mark.column)
    }
}

extension RawEvent {
    /// Copies what the loader needs out of a `yaml_event_t` (whose memory libyaml owns).
    init(_ event: yaml_event_t) {
        self.init(kind: Kind(event.type), start: RawMark(event.start_mark), end: RawMark(event.end_mark))
        switch event.type {
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            hasAnchor = s.anchor != nil
            tag = s.tag.map { String(cString: $0) }
            // Read with the length: a scalar may contain escaped NULs ("\0").
            scalarValue = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            scalarStyle = YAMLScalar.Style(s.style)
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            (hasAnchor, isFlow) = (s.anchor != nil, s.style == YAML_FLOW_SEQUENCE_STYLE)
            tag = s.tag.map { String(cString: $0) }
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            (hasAnchor, isFlow) = (m.anchor != nil, m.style == YAML_FLOW_MAPPING_STYLE)
            tag = m.tag.map { String(cString: $0) }
        default:
            break
        }
    }
}

extension RawEvent.Kind {
    /// Maps `yaml_event_type_t`.
    init(_ type: yaml_event_type_t) {
        switch type {
        case YAML_STREAM_START_EVENT: self = .streamStart
        case YAML_DOCUMENT_START_EVENT: self = .documentStart
        case YAML_DOCUMENT_END_EVENT: self = .documentEnd
        case YAML_ALIAS_EVENT: self = .alias
        case YAML_SCALAR_EVENT: self = .scalar
        case YAML_SEQUENCE_START_EVENT: self = .sequenceStart
        case YAML_SEQUENCE_END_EVENT: self = .sequenceEnd
        case YAML_MAPPING_START_EVENT: self = .mappingStart
        case YAML_MAPPING_END_EVENT: self = .mappingEnd
        default:
            // YAML_NO_EVENT: libyaml's answer when asked past the end; ending there is safe.
            self = .streamEnd
        }
    }
}

extension YAMLScalar.Style {
    /// Maps `yaml_scalar_style_t`.
    init(_ style: yaml_scalar_style_t) {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: self = .literal
        case YAML_FOLDED_SCALAR_STYLE: self = .folded
        default: self = .plain
        }
    }
}
