/// Test helpers: hex literals for known-answer vectors.
extension Array where Element == UInt8 {
    /// Decodes a hex string (whitespace ignored); traps on bad input because vectors are literals.
    init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }.map { $0.hexDigitValue! }
        precondition(digits.count % 2 == 0, "odd hex length")
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    var hex: String { map { String($0, radix: 16).leftPadded() }.joined() }
}

private extension String {
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}
