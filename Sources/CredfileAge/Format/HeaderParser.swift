/// A strict parser for the binary age header; every deviation from the grammar of
/// age-format.md §3 is a `.headerFailure`.
struct HeaderParser {
    private let bytes: [UInt8]
    private var position = 0

    /// Parses the header at the start of `bytes`; returns it and the offset of the payload.
    static func parse(_ bytes: [UInt8]) throws -> (header: Header, payloadStart: Int) {
        var parser = HeaderParser(bytes: bytes)
        try parser.readVersion()
        var stanzas: [Stanza] = []
        while !parser.next(is: "---") {
            guard parser.next(is: "-> ") else { throw failure("expected a stanza or the mac line") }
            stanzas.append(try parser.readStanza())
        }
        guard !stanzas.isEmpty else { throw failure("no recipient stanzas") }
        let mac = try parser.readMAC()
        return (Header(stanzas: stanzas, mac: mac), parser.position)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func failure(_ reason: String) -> AgeError {
        AgeError(.headerFailure, "malformed age header: \(reason)")
    }

    private func next(is prefix: String) -> Bool {
        bytes[position...].starts(with: prefix.utf8)
    }

    /// The bytes up to the next LF (which is consumed but not returned).
    private mutating func readLine() throws -> ArraySlice<UInt8> {
        guard let end = bytes[position...].firstIndex(of: Header.newline) else {
            throw Self.failure("unexpected end of header")
        }
        defer { position = end + 1 }
        return bytes[position..<end]
    }

    private mutating func readVersion() throws {
        // A CRLF or any other version is unsupported (testkit `version_unsupported`).
        guard bytes.starts(with: Header.versionLine) else { throw Self.failure("unsupported version line") }
        position = Header.versionLine.count
    }

    private mutating func readStanza() throws -> Stanza {
        let fields = try readLine().split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).dropFirst()
        // Empty fields come from double or trailing spaces; arguments are 1*VCHAR (§3).
        guard !fields.isEmpty, fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (0x21...0x7E).contains($0) } }) else {
            throw Self.failure("invalid stanza arguments")
        }
        return Stanza(arguments: fields.map { String(decoding: $0, as: UTF8.self) }, body: try readBody())
    }

    /// Full 64-column lines, then one shorter (possibly empty) final line (§3).
    private mutating func readBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            guard line.count <= 64, let chunk = Base64.decodeRaw(line) else {
                throw Self.failure("invalid stanza body")
            }
            body += chunk
            if line.count < 64 { return body }
        }
    }

    /// `--- ` + 43 characters of canonical b64raw + LF, nothing else (§3).
    private mutating func readMAC() throws -> [UInt8] {
        let line = try readLine()
        guard line.starts(with: "--- ".utf8), let mac = Base64.decodeRaw(line.dropFirst(4)), mac.count == 32 else {
            throw Self.failure("invalid mac line")
        }
        return mac
    }
}
