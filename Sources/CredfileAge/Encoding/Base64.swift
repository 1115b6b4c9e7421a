/// Standard-alphabet base64 (RFC 4648 §4), written here because the header needs the strict
/// canonical form that neither `EVP_DecodeBlock` nor Foundation enforces (age-format.md §2.1).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")

    /// The 6-bit value of each byte, or nil for bytes outside the alphabet (including `=`).
    private static let values: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = UInt8(value) }
        return table
    }()

    /// Encodes `bytes`; `padded` adds `=` to a multiple of 4 (armor) or not (header, "b64raw").
    static func encode(_ bytes: [UInt8], padded: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let group = bytes[start..<min(start + 3, bytes.count)]
            let word = group.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for i in 0...group.count { out.append(alphabet[Int(word >> (18 - 6 * UInt32(i)) & 0x3F)]) }
            if padded { out += [UInt8](repeating: padding, count: 3 - group.count) }
        }
        return out
    }

    /// `encode(_:padded: false)` as a String, for stanza arguments and the MAC line.
    static func encodeRaw(_ bytes: [UInt8]) -> String {
        String(decoding: encode(bytes, padded: false), as: UTF8.self)
    }

    /// Decodes canonical unpadded base64, or nil: any `=` or non-alphabet byte, a length ≡ 1
    /// (mod 4), or non-zero unused low bits in the last character (age-format.md §2.1).
    static func decodeRaw(_ chars: some Collection<UInt8>) -> [UInt8]? {
        guard chars.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var buffer: UInt32 = 0, bits: UInt32 = 0
        for char in chars {
            guard let value = values[Int(char)] else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> bits))
                buffer &= (1 << bits) - 1
            }
        }
        return buffer == 0 ? out : nil  // the leftover (0, 2 or 4) bits must be zero
    }

    /// Decodes canonical padded base64 (one armor line): a length multiple of 4, `=` only at
    /// the end and at most two of them, zero pad bits (age-format.md §9).
    static func decodePadded(_ chars: some Collection<UInt8>) -> [UInt8]? {
        guard chars.count % 4 == 0 else { return nil }
        let pads = chars.reversed().prefix(2).prefix { $0 == padding }.count
        return decodeRaw(chars.dropLast(pads))
    }
}
