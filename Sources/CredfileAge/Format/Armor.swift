/// age's ASCII armor: PEM-like, 64 columns, padded base64 of the whole binary file
/// (age-format.md §9).
enum Armor {
    static let beginLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let endLine = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    /// How much whitespace may surround the armor (the reference reader's limit).
    static let whitespaceLimit = 1024
    private static let newline = UInt8(ascii: "\n")

    /// Wraps `binary` exactly as age and rage do; never with leading whitespace, because
    /// age 1.1.1 and pyrage only detect armor at byte 0 (§9 interop quirks).
    static func encode(_ binary: [UInt8]) -> [UInt8] {
        let text = Base64.encode(binary, padded: true)
        var out = beginLine + [newline]
        for start in stride(from: 0, to: text.count, by: 64) {
            out += text[start..<min(start + 64, text.count)] + [newline]
        }
        return out + endLine + [newline]
    }

    /// Whether `file` should be de-armored (§10 step 1): after optional whitespace it starts
    /// with dashes. A binary file always starts with `age-encryption.org/v1`, so a damaged
    /// BEGIN line (`----- BEGIN`, lowercase) is reported as an armor failure, not a header one.
    static func isArmored(_ file: [UInt8]) -> Bool {
        file.drop(while: isWhitespace).starts(with: "-----".utf8)
    }

    /// Strictly de-armors `file`; every violation is an `.armorFailure`.
    static func decode(_ file: [UInt8]) throws -> [UInt8] {
        var lines = ArmorLines(file)
        guard lines.skipBlankLines() <= whitespaceLimit, lines.next() == beginLine[...] else {
            throw failure("missing begin line")
        }
        let binary = try decodeDataLines(&lines)
        let trailing = lines.remainder
        guard trailing.count < whitespaceLimit, trailing.allSatisfy(isWhitespace) else {
            throw failure("unexpected data after the end line")
        }
        return binary
    }

    /// Data lines up to and including END: each non-empty, at most 64 columns, canonical padded
    /// base64 on its own; only the last may be short (§9).
    private static func decodeDataLines(_ lines: inout ArmorLines) throws -> [UInt8] {
        var binary: [UInt8] = []
        var sawShortLine = false
        while let line = lines.next() {
            if line.elementsEqual(endLine) { return binary }
            guard !sawShortLine else { throw failure("short line before the end line") }
            guard !line.isEmpty, line.count <= 64, let chunk = Base64.decodePadded(line) else {
                throw failure("invalid data line")
            }
            binary += chunk
            sawShortLine = chunk.count < 48
        }
        throw failure("missing end line")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func failure(_ reason: String) -> AgeError {
        AgeError(.armorFailure, "malformed age armor: \(reason)")
    }
}

/// LF-separated lines of an armored file, each with one trailing CR removed.
private struct ArmorLines {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// What follows the last line returned.
    var remainder: ArraySlice<UInt8> { bytes[position...] }

    /// The next line, or nil at the end of the input.
    mutating func next() -> ArraySlice<UInt8>? {
        guard position < bytes.count else { return nil }
        let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var line = bytes[position..<end]
        position = min(end + 1, bytes.count)
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return line
    }

    /// Skips whitespace-only lines and returns how many bytes they held.
    mutating func skipBlankLines() -> Int {
        let start = position
        while true {
            let before = position
            guard let line = next(), line.allSatisfy(Armor.isWhitespace) else {
                position = before
                return position - start
            }
        }
    }
}
