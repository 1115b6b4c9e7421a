/// The one Ed25519 operation age's ssh support needs: turning an Ed25519 public key into the
/// X25519 public key of the same secret (key-sources.md §3, RFC 7748 §4.1).
public enum Ed25519 {
    /// u = (1 + y) / (1 − y) for the Edwards point encoded in `publicKey` (32 bytes, little-endian
    /// y with the sign of x in the top bit). Like filippo.io/edwards25519 (age's `SetBytes`,
    /// then `BytesMontgomery`): the point must be on the curve, a non-canonical y is reduced,
    /// and y = 1 gives u = 0 (its inversion of zero is zero).
    public static func montgomeryPublicKey(_ publicKey: [UInt8]) throws -> [UInt8] {
        guard publicKey.count == 32 else { throw CryptoError(.invalidParameter, "ed25519 public key must be 32 bytes") }
        var yBytes = publicKey
        yBytes[31] &= 0x7f
        let field = Curve25519Field()
        let y = field.reduce(littleEndian: yBytes)
        guard field.isOnCurve(y: y) else { throw CryptoError(.invalidParameter, "ed25519 public key is not a curve point") }
        return field.montgomeryU(y: y)
    }
}
