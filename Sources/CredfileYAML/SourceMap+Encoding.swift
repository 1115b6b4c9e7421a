/// The encoding rules, checked before libyaml sees a byte: libyaml would either accept these
/// inputs silently (a BOM, CRLF) or report them without a useful position.
extension SourceMap {
    /// One pass: validates every scalar and records line starts and (once the input stops being
    /// pure ASCII) the byte offset of each scalar.
    mutating func scan() throws {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw Self.encodingError(.byteOrderMark, at: SourcePosition(offset: 0, line: 1, column: 1))
        }
        var offset = 0
        var index = 0
        while offset < bytes.count {
            // Fast path for the common case, printable ASCII and LF before any multi-byte
            // scalar: nothing to decode or record (validate reads thousands of files).
            let byte = bytes[offset]
            if scalarOffsets.isEmpty && ((byte >= 0x20 && byte < 0x7F) || byte == 0x0A) {
                offset += 1
                index += 1
                if byte == 0x0A {
                    lineStarts.append(offset)
                    lineStartScalars.append(index)
                }
                continue
            }
            guard let (value, length) = Self.decodeScalar(in: bytes, at: offset) else {
                throw Self.encodingError(.invalidUTF8, at: scanPosition(offset: offset, index: index))
            }
            if let kind = Self.disallowedKind(value) {
                throw Self.encodingError(kind, at: scanPosition(offset: offset, index: index))
            }
            record(offset: offset, length: length)
            offset += length
            index += 1
            if Self.isLineBreak(value) {
                lineStarts.append(offset)
                lineStartScalars.append(index)
            }
        }
    }

    /// Records the scalar's byte offset, switching to an explicit table at the first
    /// multi-byte scalar (before it, scalar index and byte offset coincide).
    private mutating func record(offset: Int, length: Int) {
        if scalarOffsets.isEmpty {
            guard length > 1 else { return }
            scalarOffsets.reserveCapacity(bytes.count)
            scalarOffsets.append(contentsOf: 0..<offset)
        }
        scalarOffsets.append(offset)
    }

    /// The position of a scalar while the tables are still being built.
    private func scanPosition(offset: Int, index: Int) -> SourcePosition {
        SourcePosition(offset: offset, line: lineStarts.count, column: index - lineStartScalars[lineStarts.count - 1] + 1)
    }

    /// Which rule a scalar breaks, if any. Mirrors libyaml's reader (tab, LF and printable
    /// characters only), with NUL, CR and the BOM given their own kinds and messages.
    static func disallowedKind(_ value: UInt32) -> YAMLError.Kind? {
        switch value {
        case 0x00: .nulByte
        case 0x0D: .carriageReturn
        case 0xFEFF: .byteOrderMark
        case 0x09, 0x0A, 0x85: nil
        case 0x01..<0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF: .controlCharacter
        default: nil
        }
    }

    /// Strictly decodes one UTF-8 scalar: no overlong forms, no surrogates, nothing past
    /// U+10FFFF. Returns nil for an invalid or truncated sequence.
    static func decodeScalar(in bytes: [UInt8], at offset: Int) -> (value: UInt32, length: Int)? {
        let lead = bytes[offset]
        let length: Int
        let minimum: UInt32
        switch lead {
        case 0x00..<0x80: return (UInt32(lead), 1)
        case 0xC2...0xDF: (length, minimum) = (2, 0x80)
        case 0xE0...0xEF: (length, minimum) = (3, 0x800)
        case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (UInt32(0xFF) >> (length + 1))
        for byte in bytes[(offset + 1)..<(offset + length)] {
            guard isContinuation(byte) else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return (value, length)
    }

    /// The error for an encoding rule, with its fixed message and hint.
    static func encodingError(_ kind: YAMLError.Kind, at position: SourcePosition) -> YAMLError {
        switch kind {
        case .byteOrderMark:
            YAMLError(kind, "byte order mark (U+FEFF) is not allowed", at: position,
                      hint: "save the file as UTF-8 without a byte order mark")
        case .nulByte:
            YAMLError(kind, "NUL byte is not allowed", at: position)
        case .carriageReturn:
            YAMLError(kind, "carriage return is not allowed: CRLF line ends are not supported", at: position,
                      hint: "convert the file to LF line ends, e.g. with 'dos2unix'")
        case .controlCharacter:
            YAMLError(kind, "control character is not allowed (only tab and line breaks are)", at: position)
        default:
            YAMLError(.invalidUTF8, "invalid UTF-8 byte sequence", at: position, hint: "save the file as UTF-8")
        }
    }
}
