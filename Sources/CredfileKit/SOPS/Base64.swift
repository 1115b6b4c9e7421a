/// Standard, padded base64 (RFC 4648 §4), the encoding of every field of an `ENC[…]` value.
///
/// sops uses Go's `base64.StdEncoding`: `=` padding is required and unpadded input is
/// rejected ("illegal base64 data", sops-format.md §1.1). Written here rather than taken from
/// Foundation because Foundation's decoder is lenient and this sits on the validate hot path.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Encodes with padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [sextet(n, 18), sextet(n, 12), sextet(n, 6), sextet(n, 0)]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out += [sextet(n, 18), sextet(n, 12), UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [sextet(n, 18), sextet(n, 12), sextet(n, 6), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func sextet(_ n: UInt32, _ shift: UInt32) -> UInt8 { alphabet[Int((n >> shift) & 63)] }

    /// Decodes padded base64; nil on any character outside the alphabet, a length that is
    /// not a multiple of 4, or misplaced padding. Like Go's non-strict decoder, non-zero
    /// trailing bits are tolerated (sops accepts them).
    static func decode<S: StringProtocol>(_ text: S) -> [UInt8]? {
        var utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { decode(bytes: $0) } ?? decode(bytes: Array(utf8))
    }

    /// The same on bytes. One pass, one allocation: this runs for every encrypted value of
    /// every file `validate` reads.
    static func decode<C: RandomAccessCollection>(bytes chars: C) -> [UInt8]? where C.Element == UInt8, C.Index == Int {
        guard chars.count % 4 == 0 else { return nil }
        let end = chars.endIndex
        var pad = 0
        if chars.count >= 4 {
            if chars[end - 1] == UInt8(ascii: "=") { pad += 1 }
            if chars[end - 2] == UInt8(ascii: "=") { pad += 1 }
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 4 * 3)
        var i = chars.startIndex
        while i < end {
            let last = i + 4 == end
            let used = last ? 4 - pad : 4
            var n: UInt32 = 0
            for j in 0..<4 {
                let value = j < used ? reverse[Int(chars[i + j])] : 0
                guard value != 0xFF else { return nil }
                n = n << 6 | UInt32(value)
            }
            out.append(UInt8(n >> 16 & 0xFF))
            if used > 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if used > 3 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }
}
