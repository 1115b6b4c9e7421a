/// A set of Unicode scalar values as sorted, disjoint, non-adjacent ranges: one character class
/// of ``LinearRegex`` (`[a-z]`, `\d`, `.`, `[^…]`), tested by binary search.
///
/// Values are plain `UInt32` code points so that complements can be taken over the whole
/// code space without caring that surrogates are not scalars (no scalar ever falls in them).
struct ScalarSet: Sendable, Equatable {
    /// The largest code point; complements are taken over `0...maxValue`.
    static let maxValue: UInt32 = 0x10FFFF

    let ranges: [ClosedRange<UInt32>]

    /// The set of the given ranges, in any order and overlapping or not.
    init(_ ranges: [ClosedRange<UInt32>]) {
        self.ranges = Self.normalized(ranges)
    }

    private init(ranges: [ClosedRange<UInt32>]) {
        self.ranges = ranges
    }

    /// Sorts and merges, so that `contains` can binary-search.
    private static func normalized(_ input: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        for range in input.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, range.lowerBound <= last.upperBound &+ 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                out.append(range)
            }
        }
        return out
    }

    func contains(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if value < ranges[mid].lowerBound {
                high = mid
            } else if value > ranges[mid].upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Every code point not in the set (`[^…]`, `\D`, `.`).
    var inverted: ScalarSet {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { out.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maxValue { out.append(next...Self.maxValue) }
        return ScalarSet(ranges: out)
    }
}

extension ScalarSet {
    /// `\d`: ASCII digits only, as RE2 and ECMA-262 define it (not Unicode `Nd`).
    static let digit = ScalarSet([0x30...0x39])
    /// `\w`: `[0-9A-Za-z_]`, the same in RE2 and ECMA-262 (without the `i` and `u` flags together).
    static let word = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// RE2's `\s`: `[\t\n\f\r ]` (no vertical tab, nothing beyond ASCII).
    static let re2Space = ScalarSet([0x09...0x0A, 0x0C...0x0D, 0x20...0x20])
    /// ECMA-262's `\s`: WhiteSpace and LineTerminator, which reach past ASCII.
    static let ecmaSpace = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// RE2's `.`: anything but `\n`.
    static let re2Dot = ScalarSet([0x0A...0x0A]).inverted
    /// ECMA-262's `.`: anything but a LineTerminator (`\n`, `\r`, U+2028, U+2029).
    static let ecmaDot = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).inverted
}
