#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import CredfilePOSIX
internal import LinearRegex

/// Which leaves are encrypted: exactly one of sops's selection rules (sops-format.md §5.1).
///
/// A rule is tested against **every component of the path** (ancestor keys and the leaf's own
/// key), so a matching parent encrypts its whole subtree. With no rule in a file sops applies
/// `unencrypted_suffix: _unencrypted`.
public struct EncryptionRule: Sendable, Equatable {
    /// The rule's kind, named by its metadata key.
    public enum Kind: String, Sendable, CaseIterable {
        case unencryptedSuffix = "unencrypted_suffix"
        case encryptedSuffix = "encrypted_suffix"
        case unencryptedRegex = "unencrypted_regex"
        case encryptedRegex = "encrypted_regex"
    }

    public var kind: Kind
    /// The suffix or the regular expression, as written in the metadata.
    public var pattern: String
    private let matcher: KeyMatcher

    /// sops's default when a file names no rule.
    public static let sopsDefault = try! EncryptionRule(.unencryptedSuffix, "_unencrypted")

    /// Throws for an empty pattern (sops treats an empty rule as no rule at all, so a file
    /// naming one would be read by sops under its default) and for a regex outside the
    /// supported syntax.
    public init(_ kind: Kind, _ pattern: String) throws {
        guard !pattern.isEmpty else {
            throw CredfileError(.config, "an empty \(kind.rawValue) is no rule to sops (it falls back to its default); remove it or give a pattern")
        }
        self.kind = kind
        self.pattern = pattern
        switch kind {
        case .unencryptedSuffix, .encryptedSuffix: matcher = .suffix(pattern)
        case .unencryptedRegex, .encryptedRegex: matcher = try KeyMatcher.cached(regex: pattern)
        }
    }

    /// Whether the leaf at `path` is encrypted under this rule.
    ///
    /// A regex rule searches within the ``PatternBudget``; when the budget runs out the
    /// answer is "encrypted" (the side that never writes a secret in plain text), and the
    /// budget records the rule so that the validator reports it instead of trusting the
    /// answer.
    public func encrypts(_ path: [String]) -> Bool {
        var anyMatch = false
        for component in path {
            guard let match = matcher.matches(component) else {
                return true
            }
            if match {
                anyMatch = true
                break
            }
        }
        switch kind {
        case .unencryptedSuffix, .unencryptedRegex: return !anyMatch
        case .encryptedSuffix, .encryptedRegex: return anyMatch
        }
    }

    /// Equal when the kind and the pattern's bytes are: NFC and NFD spellings of one pattern
    /// select different keys (sops compares bytes), so they are different rules.
    public static func == (lhs: EncryptionRule, rhs: EncryptionRule) -> Bool {
        lhs.kind == rhs.kind && lhs.pattern.utf8.elementsEqual(rhs.pattern.utf8)
    }
}

/// Matches one key against a suffix or an (unanchored-search) regular expression, deciding
/// exactly as sops 3.11 does (`sops.go`, `shouldBeEncrypted`):
///
/// * a suffix rule is `strings.HasSuffix(key, suffix)`: the key's last bytes are the suffix's
///   UTF-8 bytes. Not Swift's `hasSuffix`, which compares characters up to canonical
///   equivalence (NFC `é` would end NFD `e\u{301}`, and `\u{212A}` KELVIN SIGN would end like `K`);
/// * a regex rule is `regexp.Match(rule, []byte(key))`: an unanchored RE2 search over the key's
///   runes. ``LinearRegex`` in its RE2 dialect reads the shared subset the same way, over
///   Unicode scalars (never grapheme clusters), in time linear in the key whatever the pattern
///   (the rule comes from the file, which may be hostile).
///
/// The common credfile form `^(a|b|c)$` is answered with a set lookup (validation of thousands
/// of files calls this for every key); ``literalAlternation(_:)`` says when that is exact.
enum KeyMatcher: Sendable {
    case suffix(String)
    case exactSet(Set<String>)
    case regex(LinearRegex)

    /// Matchers by pattern. A repository's thousands of files share a handful of rules, and
    /// even the fast path costs ~50,000 instructions a file to rebuild (measured with
    /// callgrind: 7% of key-less validate, +40% wall at 10,000 files without this cache).
    private static let cache = MatcherCache()

    static func cached(regex pattern: String) throws -> KeyMatcher {
        if let hit = cache.get(pattern) { return hit }
        let matcher = try KeyMatcher(regex: pattern)
        cache.set(pattern, matcher)
        return matcher
    }

    init(regex pattern: String) throws {
        if let names = Self.literalAlternation(pattern) {
            self = .exactSet(names)
            return
        }
        do {
            self = .regex(try LinearRegex(pattern, dialect: .re2))
        } catch {
            throw CredfileError(.config, "invalid regular expression '\(pattern)': \(error)")
        }
    }

    /// nil when a regex search runs out of the ``PatternBudget``.
    func matches(_ key: String) -> Bool? {
        switch self {
        case .suffix(let s): Self.hasSuffixBytes(key, s)
        case .exactSet(let names):
            // The set finds a canonically equivalent name (`\u{212A}ey` finds `Key`); only the
            // same bytes match. The names are ASCII, so no two of them are equivalent.
            names.firstIndex(of: key).map { names[$0].utf8.elementsEqual(key.utf8) } ?? false
        case .regex(let r): PatternBudget.search(r.pattern, .rule) { r.matches(key, budget: &$0) }
        }
    }

    /// Go's `strings.HasSuffix`: a comparison of UTF-8 bytes.
    static func hasSuffixBytes(_ key: String, _ suffix: String) -> Bool {
        let k = key.utf8, s = suffix.utf8
        guard s.count <= k.count else { return false }
        return k.dropFirst(k.count - s.count).elementsEqual(s)
    }

    /// `^(a|b_c|d)$`, `^(?:a|b)$`, `^(a)$` or `^a$`, with names of ASCII letters, digits, `_`
    /// and `-` → the set of names; nil for any other pattern, which the engine then reads.
    ///
    /// Why the set is exact (RE2, as `regexp.Match` uses it): outside a class, ASCII letters,
    /// digits, `_` and `-` are literals; `^` and `$` without the `m` flag match only at the start
    /// and the end of the text (`$` is `\z`, not "before a final newline"); and the group spans
    /// the whole pattern between the anchors, so `|` separates alternatives *inside* the
    /// anchors. A search for `^(n1|…|nk)$` therefore succeeds exactly when the whole key is one
    /// of the names. Without the group the anchors bind to the outer alternatives only:
    /// `^pass|tok$` is "starts with pass, or ends with tok" (issue 13). So a pattern with `|`
    /// qualifies only when the group opens right after `^` and closes right before `$`, and
    /// holds no other parenthesis (`^(a)|(b)$` ends in `)$` yet is two groups).
    static func literalAlternation(_ pattern: String) -> Set<String>? {
        guard pattern.hasPrefix("^"), pattern.hasSuffix("$") else { return nil }
        var body = Substring(pattern).dropFirst().dropLast()
        if body.hasPrefix("(?:"), body.hasSuffix(")") {
            body = body.dropFirst(3).dropLast()
        } else if body.hasPrefix("("), body.hasSuffix(")") {
            body = body.dropFirst().dropLast()
        } else if body.contains("|") {
            return nil
        }
        let names = body.split(separator: "|", omittingEmptySubsequences: false)
        let plain = names.allSatisfy { name in
            !name.isEmpty && name.unicodeScalars.allSatisfy { c in
                ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
            }
        }
        return plain ? Set(names.map(String.init)) : nil
    }
}

/// A small lock-protected map; bounded, since hostile files could each bring a new pattern.
private final class MatcherCache: @unchecked Sendable {
    /// Keyed by the pattern's UTF-8 bytes: a `[String: …]` map would treat the NFC and NFD
    /// spellings of a pattern as one key, and they match different keys.
    private var entries: [[UInt8]: KeyMatcher] = [:]
    private let lock = Lock()

    func get(_ pattern: String) -> KeyMatcher? { lock.withLock { entries[Array(pattern.utf8)] } }

    func set(_ pattern: String, _ matcher: KeyMatcher) {
        lock.withLock { if entries.count < 64 { entries[Array(pattern.utf8)] = matcher } }
    }
}
