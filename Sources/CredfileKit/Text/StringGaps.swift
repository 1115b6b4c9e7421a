/// The few Foundation string helpers credfile used that FoundationEssentials does not export,
/// written on the standard library so no target the CLI links needs Foundation (whose loading
/// was most of a command's start-up).
extension StringProtocol {
    /// Without leading and trailing whitespace and line breaks (`trimmingCharacters(in:
    /// .whitespacesAndNewlines)`).
    package var trimmingWhitespace: String { trimming { $0.isWhitespace } }

    /// Without leading and trailing characters for which `drop` is true.
    package func trimming(_ drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }

    /// The last `/`-separated component (`NSString.lastPathComponent` for the paths credfile
    /// builds: trailing slashes ignored).
    package var lastPathComponent: String {
        let trimmed = self.reversed().drop { $0 == "/" }
        return String(trimmed.prefix { $0 != "/" }.reversed())
    }

    /// Without its last `.extension` (`NSString.deletingPathExtension`: a name that only
    /// starts with a dot, `.yaml`, has none).
    package var deletingPathExtension: String {
        guard let dot = lastIndex(of: "."), dot != startIndex, self[index(before: dot)] != "/" else { return String(self) }
        return String(self[..<dot])
    }

    /// Padded with spaces on the right to `width` characters, or cut to it
    /// (`padding(toLength:withPad: " ", startingAt: 0)`).
    package func padded(to width: Int) -> String {
        count >= width ? String(prefix(width)) : String(self) + String(repeating: " ", count: width - count)
    }
}

extension BinaryInteger {
    /// The decimal digits, zero-padded on the left to `width` (`String(format: "%04d")`).
    package func zeroPadded(_ width: Int) -> String {
        let digits = String(self.magnitude)
        let sign = self < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Lower-case hexadecimal, zero-padded on the left to `width` (`String(format: "%02x")`).
    package func hexPadded(_ width: Int) -> String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
