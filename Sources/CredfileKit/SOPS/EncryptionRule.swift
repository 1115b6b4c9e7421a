internal import Foundation
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

    public init(_ kind: Kind, _ pattern: String) throws {
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

    public static func == (lhs: EncryptionRule, rhs: EncryptionRule) -> Bool {
        lhs.kind == rhs.kind && lhs.pattern == rhs.pattern
    }
}

/// Matches one key against a suffix or an (unanchored-search) regular expression.
///
/// sops uses Go RE2 with `MatchString`, an unanchored search; ``LinearRegex`` in its RE2
/// dialect reads the shared subset the same way, in time linear in the key whatever the
/// pattern (the rule comes from the file, which may be hostile). The common credfile form
/// `^(a|b|c)$` is recognised and answered with a set lookup: validation of thousands of files
/// calls this for every key.
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
        case .suffix(let s): key.hasSuffix(s)
        case .exactSet(let names): names.contains(key)
        case .regex(let r): PatternBudget.search(r.pattern, .rule) { r.matches(key, budget: &$0) }
        }
    }

    /// `^(a|b_c|d)$` or `^a$` with plain identifier characters only → the set of names.
    static func literalAlternation(_ pattern: String) -> Set<String>? {
        guard pattern.hasPrefix("^"), pattern.hasSuffix("$") else { return nil }
        var body = pattern.dropFirst().dropLast()
        if body.hasPrefix("("), body.hasSuffix(")") { body = body.dropFirst().dropLast() }
        let names = body.split(separator: "|", omittingEmptySubsequences: false)
        let plain = names.allSatisfy { name in
            !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
        return plain ? Set(names.map(String.init)) : nil
    }
}

/// A small lock-protected map; bounded, since hostile files could each bring a new pattern.
private final class MatcherCache: @unchecked Sendable {
    private var entries: [String: KeyMatcher] = [:]
    private let lock = NSLock()

    func get(_ pattern: String) -> KeyMatcher? { lock.withLock { entries[pattern] } }

    func set(_ pattern: String, _ matcher: KeyMatcher) {
        lock.withLock { if entries.count < 64 { entries[pattern] = matcher } }
    }
}
