/// Go's `base64.StdEncoding.DecodeString`, which go-yaml uses for `!!binary` scalars.
enum GoBase64 {
    /// Standard alphabet, `=` padding required, '\r' and '\n' ignored anywhere (Go skips
    /// them), trailing bits not checked (StdEncoding is not Strict); nil on corrupt input.
    static func decodeStd(_ text: String) -> [UInt8]? {
        let chars = text.utf8.filter { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var index = 0
        while index < chars.count {
            let quantum = chars[index..<(index + 4)]
            index += 4
            guard let bytes = decodeQuantum(quantum, isLast: index == chars.count) else { return nil }
            out += bytes
        }
        return out
    }

    // One 4-character group: "xxxx", or in the last group "xxx=" / "xx==".
    private static func decodeQuantum(_ q: ArraySlice<UInt8>, isLast: Bool) -> [UInt8]? {
        let pad = q.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard pad <= 2, pad == 0 || isLast else { return nil }
        var bits: UInt32 = 0
        for c in q.prefix(4 - pad) {
            guard let v = value(of: c) else { return nil }
            bits = bits << 6 | v
        }
        bits <<= UInt32(6 * pad)
        let bytes = [UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits)]
        return Array(bytes.prefix(3 - pad))
    }

    private static func value(of c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(c - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
