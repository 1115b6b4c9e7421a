/// The additional authenticated data of a value: its mapping keys joined by `:` plus a
/// trailing `:` (sops-format.md §2.1).
///
/// Sequence indices are *not* part of the path: every item of `ports: [80, 443]` has the AAD
/// `ports:`. There is no escaping, so a key `a:b` and the path `a → b` share an AAD. The
/// trailing colon is required; without it sops fails with "message authentication failed".
public enum AdditionalData {
    /// Whether two key paths are the same keys byte for byte. Go (and so sops) compares bytes;
    /// Swift's `==` on strings is canonical equivalence, which would make NFC `café` and NFD
    /// `café` — two keys to sops — one key here (issue 13).
    public static func samePath(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    /// `["db", "password"]` → `db:password:`; the root (a top-level comment) → `:`.
    public static func forPath(_ path: [String]) -> [UInt8] {
        Array((path.joined(separator: ":") + ":").utf8)
    }
}
