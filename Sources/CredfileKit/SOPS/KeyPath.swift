/// The additional authenticated data of a value: its mapping keys joined by `:` plus a
/// trailing `:` (sops-format.md §2.1).
///
/// Sequence indices are *not* part of the path: every item of `ports: [80, 443]` has the AAD
/// `ports:`. There is no escaping, so a key `a:b` and the path `a → b` share an AAD. The
/// trailing colon is required; without it sops fails with "message authentication failed".
public enum AdditionalData {
    /// `["db", "password"]` → `db:password:`; the root (a top-level comment) → `:`.
    public static func forPath(_ path: [String]) -> [UInt8] {
        Array((path.joined(separator: ":") + ":").utf8)
    }
}
