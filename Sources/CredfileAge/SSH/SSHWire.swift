/// The SSH wire encoding (RFC 4251 §5): big-endian uint32, length-prefixed strings, mpints.
struct SSHWireReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: some Collection<UInt8>) { self.bytes = ArraySlice(bytes) }

    var isAtEnd: Bool { bytes.isEmpty }
    var remaining: ArraySlice<UInt8> { bytes }

    mutating func uint32() throws -> UInt32 {
        guard bytes.count >= 4 else { throw SSHWireReader.malformed }
        let value = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        bytes = bytes.dropFirst(4)
        return value
    }

    mutating func string() throws -> [UInt8] {
        let count = Int(try uint32())
        guard bytes.count >= count else { throw SSHWireReader.malformed }
        defer { bytes = bytes.dropFirst(count) }
        return Array(bytes.prefix(count))
    }

    mutating func text() throws -> String { String(decoding: try string(), as: UTF8.self) }

    /// An unsigned mpint as big-endian magnitude bytes; negative values are refused.
    mutating func mpint() throws -> [UInt8] {
        let raw = try string()
        if let first = raw.first, first & 0x80 != 0 { throw SSHWireReader.malformed }
        return Array(raw.drop { $0 == 0 })
    }

    static let malformed = AgeError(.invalidKey, "malformed ssh key encoding")
}

/// Writing the same encoding.
enum SSHWire {
    static func string(_ bytes: [UInt8]) -> [UInt8] {
        let n = UInt32(bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + bytes
    }

    static func string(_ text: String) -> [UInt8] { string(Array(text.utf8)) }

    /// A non-negative mpint: minimal, with a zero byte in front when the top bit is set.
    static func mpint(_ magnitude: [UInt8]) -> [UInt8] {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        return string(trimmed.first.map { $0 & 0x80 != 0 } == true ? [0] + trimmed : trimmed)
    }
}
