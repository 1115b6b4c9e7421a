/// Standard-alphabet base64 (RFC 4648 §4), the one implementation in the package: age's
/// header and armor use it here, and CredfileKit uses it for sops's `ENC[…]` fields and the
/// Kubernetes Secret export. Written by hand rather than taken from Foundation or OpenSSL
/// because both readers need exact rules that neither enforces: age wants the canonical form
/// (age-format.md §2.1), sops wants Go's `StdEncoding` (sops-format.md §1.1).
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")
    /// The 6-bit value of each byte, or `invalid` for bytes outside the alphabet (including `=`).
    private static let invalid: UInt8 = 0xFF
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = UInt8(value) }
        return table
    }()

    /// Encodes `bytes`; `padded` adds `=` to a multiple of 4 (armor, sops) or not (age header, "b64raw").
    public static func encode(_ bytes: [UInt8], padded: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [sextet(n, 18), sextet(n, 12), sextet(n, 6), sextet(n, 0)]
            i += 3
        }
        switch bytes.count - i {
        case 1:
            let n = UInt32(bytes[i]) << 16
            out += [sextet(n, 18), sextet(n, 12)]
            if padded { out += [padding, padding] }
        case 2:
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [sextet(n, 18), sextet(n, 12), sextet(n, 6)]
            if padded { out.append(padding) }
        default: break
        }
        return out
    }

    private static func sextet(_ n: UInt32, _ shift: UInt32) -> UInt8 { alphabet[Int((n >> shift) & 63)] }

    /// Padded base64 as a String: sops's `ENC[…]` fields, a Secret's `data:` values.
    public static func encode(_ bytes: [UInt8]) -> String {
        String(decoding: encode(bytes, padded: true), as: UTF8.self)
    }

    /// `encode(_:padded: false)` as a String, for stanza arguments and the MAC line.
    public static func encodeRaw(_ bytes: [UInt8]) -> String {
        String(decoding: encode(bytes, padded: false), as: UTF8.self)
    }

    /// Go's `StdEncoding` (sops): padded, a length multiple of 4, `=` only as the last one or
    /// two characters; like Go's non-strict decoder, non-zero unused bits are tolerated (sops
    /// accepts them). Nil otherwise.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { decodePadded($0, strict: false) }
            ?? decodePadded(Array(utf8), strict: false)
    }

    /// The same on bytes. One pass, one allocation: this runs for every encrypted value of
    /// every file `validate` reads (hence concrete, not generic, across the module boundary).
    public static func decode(bytes: ArraySlice<UInt8>) -> [UInt8]? {
        bytes.withContiguousStorageIfAvailable { decodePadded($0, strict: false) } ?? decodePadded(bytes, strict: false)
    }

    /// Decodes canonical unpadded base64, or nil: any `=` or non-alphabet byte, a length ≡ 1
    /// (mod 4), or non-zero unused low bits in the last character (age-format.md §2.1).
    public static func decodeRaw(_ chars: some Collection<UInt8>) -> [UInt8]? {
        decodeGroups(Array(chars), strict: true)
    }

    /// Decodes canonical padded base64 (one armor line): a length multiple of 4, `=` only at
    /// the end and at most two of them, zero pad bits (age-format.md §9).
    public static func decodePadded(_ chars: some Collection<UInt8>) -> [UInt8]? {
        decodePadded(Array(chars), strict: true)
    }

    private static func decodePadded<C: RandomAccessCollection>(_ chars: C, strict: Bool) -> [UInt8]?
    where C.Element == UInt8, C.Index == Int {
        guard chars.count % 4 == 0 else { return nil }
        var end = chars.endIndex
        // At most two `=`, and only at the end: a third would leave a data `=` and fail below.
        for _ in 0..<2 where end > chars.startIndex && chars[end - 1] == padding { end -= 1 }
        return decodeGroups(chars[chars.startIndex..<end], strict: strict)
    }

    /// Unpadded data characters, 4 at a time then a final 2 or 3; `strict` rejects non-zero
    /// bits left over in the last character (the canonical-encoding rule).
    private static func decodeGroups<C: RandomAccessCollection>(_ chars: C, strict: Bool) -> [UInt8]?
    where C.Element == UInt8, C.Index == Int {
        let tail = chars.count % 4
        guard tail != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 4 * 3 + 2)
        var i = chars.startIndex
        while i < chars.endIndex {
            let used = min(4, chars.endIndex - i)
            var n: UInt32 = 0
            for j in 0..<4 {
                let value = j < used ? values[Int(chars[i + j])] : 0
                guard value != invalid else { return nil }
                n = n << 6 | UInt32(value)
            }
            out.append(UInt8(n >> 16 & 0xFF))
            if used > 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if used > 3 { out.append(UInt8(n & 0xFF)) }
            if strict && used < 4 && n & (used == 2 ? 0xFFFF : 0xFF) != 0 { return nil }
            i += used
        }
        return out
    }
}
