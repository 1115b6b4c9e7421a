internal import COpenSSL

/// The first hexadecimal digits of π's fraction, as 32-bit words: Blowfish's initial P-array
/// and S-boxes (1042 words, 0x243F6A88 first). Computed once with Machin's formula,
/// π = 16·atan(1/5) − 4·atan(1/239), in fixed point on BIGNUMs, instead of a 1042-entry table
/// typed into the source (key-sources.md §5).
enum PiDigits {
    static func words(_ count: Int) -> [UInt32] {
        let guardBits = 64
        let bits = count * 32 + guardBits
        let pi = BigNum.zero()
        let a = arctanInverse(5, bits: bits), b = arctanInverse(239, bits: bits)
        check(BN_mul_word(a.pointer, 16) == 1 && BN_mul_word(b.pointer, 4) == 1 && BN_sub(pi.pointer, a.pointer, b.pointer) == 1)
        // Drop the guard bits and the integer part 3.
        check(BN_rshift(pi.pointer, pi.pointer, Int32(guardBits)) == 1)
        check(BN_mask_bits(pi.pointer, Int32(count * 32)) == 1)
        let bytes = pi.bigEndian(count: count * 4)
        return (0..<count).map { i in bytes[(4 * i)..<(4 * i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    }

    /// atan(1/x) · 2^bits, truncated: Σ (−1)^k / ((2k+1) · x^(2k+1)).
    private static func arctanInverse(_ x: UInt, bits: Int) -> BigNum {
        let sum = BigNum.zero(), term = BigNum.zero(), quotient = BigNum.zero()
        check(BN_set_word(term.pointer, 1) == 1 && BN_lshift(term.pointer, term.pointer, Int32(bits)) == 1)
        _ = BN_div_word(term.pointer, UInt(x))
        var k: UInt = 0
        while BN_is_zero(term.pointer) == 0 {
            check(BN_copy(quotient.pointer, term.pointer) != nil)
            _ = BN_div_word(quotient.pointer, UInt(2 * k + 1))
            check((k % 2 == 0 ? BN_add(sum.pointer, sum.pointer, quotient.pointer) : BN_sub(sum.pointer, sum.pointer, quotient.pointer)) == 1)
            _ = BN_div_word(term.pointer, UInt(x * x))
            k += 1
        }
        return sum
    }

    private static func check(_ ok: Bool) {
        guard ok else { fatalError("BIGNUM arithmetic failed: out of memory") }
    }
}
