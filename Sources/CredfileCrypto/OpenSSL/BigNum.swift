internal import COpenSSL

/// Owns one `BIGNUM`; the arithmetic the ssh key conversions need (key-sources.md §2–5), always
/// reduced modulo a prime through one shared `BN_CTX`.
final class BigNum {
    let pointer: OpaquePointer  // <BIGNUM>, owned, freed (cleared) in deinit

    /// The unsigned big-endian integer `bytes`.
    init(bigEndian bytes: [UInt8]) {
        guard let number = bytes.withCPointer({ BN_bin2bn($0, Int32($1), nil) }) else {
            fatalError("BN_bin2bn: out of memory")
        }
        pointer = number
    }

    private init(adopting pointer: OpaquePointer) { self.pointer = pointer }

    deinit { BN_clear_free(pointer) }

    /// A fresh zero, to receive a result.
    static func zero() -> BigNum {
        guard let number = BN_new() else { fatalError("BN_new: out of memory") }
        return BigNum(adopting: number)
    }

    var isZero: Bool { BN_is_zero(pointer) == 1 }
    var isOdd: Bool { BN_is_odd(pointer) == 1 }
    var bitCount: Int { Int(BN_num_bits(pointer)) }

    /// Big-endian, left-padded with zeros to `count` bytes.
    func bigEndian(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let rc = out.withCMutablePointer { BN_bn2binpad(pointer, $0, Int32(count)) }
        precondition(rc == Int32(count), "BigNum does not fit in \(count) bytes")
        return out
    }

    static func == (a: BigNum, b: BigNum) -> Bool { BN_cmp(a.pointer, b.pointer) == 0 }
}

/// Arithmetic modulo one prime.
final class PrimeField {
    let prime: BigNum
    private let context: OpaquePointer  // <BN_CTX>, owned

    init(prime: BigNum) {
        guard let context = BN_CTX_new() else { fatalError("BN_CTX_new: out of memory") }
        self.prime = prime
        self.context = context
    }

    deinit { BN_CTX_free(context) }

    func reduce(_ a: BigNum) -> BigNum { apply { BN_nnmod($0, a.pointer, prime.pointer, context) } }
    func add(_ a: BigNum, _ b: BigNum) -> BigNum { apply { BN_mod_add($0, a.pointer, b.pointer, prime.pointer, context) } }
    func sub(_ a: BigNum, _ b: BigNum) -> BigNum { apply { BN_mod_sub($0, a.pointer, b.pointer, prime.pointer, context) } }
    func mul(_ a: BigNum, _ b: BigNum) -> BigNum { apply { BN_mod_mul($0, a.pointer, b.pointer, prime.pointer, context) } }

    /// a⁻¹, or nil when a ≡ 0.
    func inverse(_ a: BigNum) -> BigNum? {
        let result = BigNum.zero()
        guard BN_mod_inverse(result.pointer, a.pointer, prime.pointer, context) != nil else {
            ErrorQueue.clear()
            return nil
        }
        return result
    }

    /// A square root of a, or nil when a is not a square (libcrypto checks its answer).
    func squareRoot(_ a: BigNum) -> BigNum? {
        let result = BigNum.zero()
        guard BN_mod_sqrt(result.pointer, a.pointer, prime.pointer, context) != nil else {
            ErrorQueue.clear()
            return nil
        }
        return result
    }

    private func apply(_ operation: (OpaquePointer) -> Int32) -> BigNum {
        let result = BigNum.zero()
        guard operation(result.pointer) == 1 else { fatalError("BIGNUM arithmetic failed: out of memory") }
        return result
    }
}
