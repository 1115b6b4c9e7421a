/// GF(2^255 − 19) through libcrypto's BIGNUMs: enough for the Edwards-to-Montgomery map of
/// an Ed25519 public key (key-sources.md §3). Public keys only, so no constant-time need.
struct Curve25519Field {
    private let field: PrimeField
    private let d: BigNum

    init() {
        // p = 2^255 − 19, big-endian.
        var p = [UInt8](repeating: 0xff, count: 32)
        p[0] = 0x7f
        p[31] = 0xed
        field = PrimeField(prime: BigNum(bigEndian: p))
        // d = −121665 / 121666 (RFC 8032 §5.1).
        let numerator = field.sub(BigNum(bigEndian: [0]), BigNum(bigEndian: [0x01, 0xdb, 0x41]))
        d = field.mul(numerator, field.inverse(BigNum(bigEndian: [0x01, 0xdb, 0x42]))!)
    }

    /// A little-endian field element, reduced.
    func reduce(littleEndian bytes: [UInt8]) -> BigNum {
        field.reduce(BigNum(bigEndian: bytes.reversed()))
    }

    /// Whether x² = (y² − 1) / (d·y² + 1) has a root (d is not a square, so the
    /// denominator is never zero).
    func isOnCurve(y: BigNum) -> Bool {
        let one = BigNum(bigEndian: [1])
        let y2 = field.mul(y, y)
        let numerator = field.sub(y2, one)
        let denominator = field.add(field.mul(d, y2), one)
        guard let inverse = field.inverse(denominator) else { return false }
        let x2 = field.mul(numerator, inverse)
        return x2.isZero || field.squareRoot(x2) != nil
    }

    /// (1 + y) / (1 − y), little-endian.
    func montgomeryU(y: BigNum) -> [UInt8] {
        let one = BigNum(bigEndian: [1])
        let denominator = field.sub(one, y)
        let u = field.inverse(denominator).map { field.mul(field.add(one, y), $0) } ?? BigNum.zero()
        return u.bigEndian(count: 32).reversed()
    }
}
