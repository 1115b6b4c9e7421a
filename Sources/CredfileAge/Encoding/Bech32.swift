import CredfileCrypto

/// BIP173 Bech32 (not Bech32m: the final constant is 1) without the 90-character limit,
/// as age uses it for key strings (age-format.md §2.2).
enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
    private static let separator = UInt8(ascii: "1")

    /// Encodes `data` under `hrp`, all lowercase; callers uppercase the result for identities.
    static func encode(hrp: String, data: [UInt8]) -> String {
        var groups = convertBits(data, from: 8, to: 5, pad: true)!
        defer { SecretBytes.wipe(&groups) }  // identities pass through here
        return encodeGroups(hrp: hrp, groups: groups)
    }

    /// Encodes 5-bit `groups` with their checksum, computed over the lowercase HRP.
    static func encodeGroups(hrp: String, groups: [UInt8]) -> String {
        let lowerHRP = Array(hrp.lowercased().utf8)
        let checksum = polymod(expand(lowerHRP) + groups + [0, 0, 0, 0, 0, 0]) ^ 1
        var all = groups + (0..<6).map { UInt8(truncatingIfNeeded: checksum >> (5 * (5 - $0))) & 31 }
        defer { SecretBytes.wipe(&all) }
        return String(decoding: lowerHRP + [separator] + all.map { charset[Int($0)] }, as: UTF8.self)
    }

    /// Decodes `text` into its HRP *as written* (so callers can enforce age's case rules) and
    /// its 8-bit data, or nil if it is not valid Bech32 of whole bytes.
    static func decode(_ text: String) -> (hrp: String, data: [UInt8])? {
        guard var found = decodeGroups(text) else { return nil }
        defer { SecretBytes.wipe(&found.groups) }
        guard let data = convertBits(found.groups, from: 5, to: 8, pad: false) else { return nil }
        return (found.hrp, data)
    }

    /// Whether `text` is valid Bech32 at the checksum level (BIP173 test strings).
    static func decodeChecksum(_ text: String) -> Bool {
        decodeGroups(text) != nil
    }

    /// The HRP as written and the 5-bit data groups without the checksum (§2.2 steps 1–4).
    private static func decodeGroups(_ text: String) -> (hrp: String, groups: [UInt8])? {
        let bytes = Array(text.utf8)
        guard !hasMixedCase(bytes), let split = bytes.lastIndex(of: separator),
            split >= 1, bytes.count - split - 1 >= 6,
            bytes[..<split].allSatisfy({ (33...126).contains($0) })
        else { return nil }
        let hrp = Array(bytes[..<split])
        guard var groups = dataGroups(bytes[(split + 1)...]) else { return nil }
        guard polymod(expand(hrp.map(lowercased)) + groups) == 1 else {
            SecretBytes.wipe(&groups)
            return nil
        }
        groups.removeLast(6)
        return (String(decoding: hrp, as: UTF8.self), groups)
    }

    private static func hasMixedCase(_ bytes: [UInt8]) -> Bool {
        bytes.contains { (65...90).contains($0) } && bytes.contains { (97...122).contains($0) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    /// The 5-bit values of the data characters, looked up case-insensitively.
    private static func dataGroups(_ chars: ArraySlice<UInt8>) -> [UInt8]? {
        var groups: [UInt8] = []
        for char in chars {
            guard let value = charset.firstIndex(of: lowercased(char)) else { return nil }
            groups.append(UInt8(value))
        }
        return groups
    }

    /// High 3 bits of each HRP character, a 0, then the low 5 bits of each.
    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for (i, g) in generator.enumerated() where (top >> i) & 1 == 1 { checksum ^= g }
        }
        return checksum
    }

    /// Regroups bits, big-endian. Without padding it rejects ≥ `from` leftover bits and
    /// non-zero leftover bits (BIP173).
    static func convertBits(_ data: some Collection<UInt8>, from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator: UInt32 = 0, bits = 0
        var out: [UInt8] = []
        let mask = UInt32(1 << to - 1)
        for value in data {
            accumulator = (accumulator << from | UInt32(value)) & 0xFFFF
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8(accumulator >> bits & mask))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8(accumulator << (to - bits) & mask)) }
        } else if bits >= from || accumulator << (to - bits) & mask != 0 {
            return nil
        }
        return out
    }
}
