/// One recipient stanza: `-> type args…` and a binary body (age-format.md §3).
struct Stanza: Equatable {
    /// All arguments after `->`; the first is the stanza type.
    var arguments: [String]
    var body: [UInt8]

    var type: String { arguments[0] }

    /// `-> args…`, then the body in 64-column b64raw lines, ending with a short (possibly
    /// empty) line: a body that fills whole lines gets an extra empty line (§3).
    func encoded() -> [UInt8] {
        var out = Array(("-> " + arguments.joined(separator: " ") + "\n").utf8)
        let text = Base64.encode(body, padded: false)
        for start in stride(from: 0, to: text.count, by: 64) {
            out += text[start..<min(start + 64, text.count)] + [Header.newline]
        }
        if text.count % 64 == 0 { out.append(Header.newline) }
        return out
    }
}

/// The parsed age header: its stanzas and its MAC.
struct Header {
    static let newline = UInt8(ascii: "\n")
    static let versionLine = Array("age-encryption.org/v1\n".utf8)

    var stanzas: [Stanza]
    var mac: [UInt8]

    /// The bytes the MAC covers: from the version line up to and including `---` (§7). The
    /// strict parser guarantees this re-serialization equals the bytes that were read.
    var macInput: [UInt8] {
        Self.versionLine + stanzas.flatMap { $0.encoded() } + Array("---".utf8)
    }

    /// The complete header, ending with the MAC line's LF.
    func encoded() -> [UInt8] {
        macInput + [UInt8(ascii: " ")] + Base64.encode(mac, padded: false) + [Self.newline]
    }
}
