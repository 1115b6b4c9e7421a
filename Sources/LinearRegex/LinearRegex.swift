/// A regular expression whose matching time is linear in the text, whatever the pattern.
///
/// Patterns reach credfile from untrusted files: a credential's `sops` block carries
/// `encrypted_regex`, `.sops.yaml` carries `path_regex`, a repository schema carries `pattern`.
/// Swift's `Regex` backtracks, so `^(a+)+$` against 26 `a`s and a `!` runs for minutes, and a
/// hostile pull request could hang the pre-commit hook and CI. This engine compiles the pattern
/// to an NFA and runs it as a Thompson/Pike simulation (a set of states per input position,
/// never backtracking): matching costs O(pattern size × text length).
///
/// Only the syntax RE2 (sops, Go) and ECMA-262 (JSON Schema) read the same way is accepted;
/// anything else is a ``SyntaxError`` rather than a guess (docs/schemas.md, "Patterns"):
/// literals, `.`, the escapes `\\ \. \* \+ \? \( \) \[ \] \{ \} \| \^ \$ \/`, `\d \D \w \W \s
/// \S \t \n \r \f \v \xHH`, classes `[a-z_]`, `[^…]` (with `\-` inside), groups `(…)` and
/// `(?:…)`, `|`, `* + ?`, `{n}`, `{n,}`, `{n,m}` (a lazy `?` suffix is accepted: only
/// match or no match matters), and `^` `$` at the start and end of the text.
///
/// Matching is an unanchored search over Unicode scalars (Go matches runes, ECMA-262 with the
/// `u` flag code points), never over grapheme clusters.
public struct LinearRegex: Sendable {
    /// Which engine's reading of the few constructs they disagree on: `.` and `\s`.
    public enum Dialect: Sendable {
        /// Go's RE2, as sops uses it: `.` is anything but `\n`; `\s` is `[\t\n\f\r ]`.
        case re2
        /// ECMA-262, as JSON Schema validators use it: `.` excludes every line terminator
        /// (`\n`, `\r`, U+2028, U+2029); `\s` is Unicode white space and line terminators.
        case ecma
    }

    /// Why a pattern was refused, and where (an offset in Unicode scalars).
    ///
    /// This module's one error type. Callers that report to users wrap it in their own error
    /// (credfile's `CredfileError`), quoting ``description``.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong and, where it helps, what to write instead.
        public var message: String
        /// Where in the pattern, counted in Unicode scalars from 0.
        public var offset: Int

        /// The message and the offset, as credfile shows them: `message (at offset N)`.
        public var description: String { "\(message) (at offset \(offset))" }
    }

    /// Longest pattern accepted, in Unicode scalars: ample for any real rule, and it bounds
    /// the parse before the state limit is even reached.
    public static let maxPatternLength = 4096
    /// Most NFA states after `{n,m}` is expanded: `(a{1000}){1000}` is an error rather than a
    /// million states. Matching costs at most this much per scalar of text.
    public static let maxStates = 10_000
    /// Largest count in `{n,m}`, RE2's own limit.
    public static let maxRepeat = 1000
    /// Deepest group nesting; the parser and compiler recurse once per level, and the
    /// validator runs on threads with small stacks.
    public static let maxNesting = 100

    /// The pattern as written.
    public let pattern: String
    /// The dialect the pattern was read in.
    public let dialect: Dialect
    private let program: RegexProgram

    /// Parses and compiles `pattern`; throws for syntax outside the supported subset or a
    /// pattern beyond the size limits, never traps.
    public init(_ pattern: String, dialect: Dialect) throws(SyntaxError) {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count <= Self.maxPatternLength else {
            throw SyntaxError(message: "the pattern is longer than \(Self.maxPatternLength) characters", offset: 0)
        }
        var parser = RegexParser(scalars: scalars, dialect: dialect)
        let tree = try parser.parse()
        self.pattern = pattern
        self.dialect = dialect
        self.program = try RegexProgram(tree, limit: Self.maxStates)
    }

    /// Whether the pattern matches anywhere in `text` (an unanchored search, like Go's
    /// `MatchString` and JSON Schema's `pattern`), however long that takes: for patterns and
    /// texts whose size the caller bounds (tests, fuzzing). Text from files goes through
    /// ``matches(_:budget:)``.
    public func matches(_ text: String) -> Bool {
        var unlimited = Int.max
        return program.matches(text, budget: &unlimited)!
    }

    /// Like ``matches(_:)``, but taking at most `budget` steps (one step: one NFA state
    /// followed or tested at one position of the text; a search costs at most
    /// ``stateCount`` × (scalars + 1) × 2). The steps taken are subtracted from `budget`, so
    /// one budget can be shared by every search over one file. nil when the budget runs out
    /// before the answer is known: the pattern is too costly for this text, which callers
    /// report as a problem of the pattern, never as a match or a mismatch.
    ///
    /// The answer, when there is one, is exactly ``matches(_:)``'s.
    public func matches(_ text: String, budget: inout Int) -> Bool? {
        program.matches(text, budget: &budget)
    }

    /// The number of NFA states after `{n,m}` is expanded: the factor by which a search costs
    /// more than the text is long.
    public var stateCount: Int { program.code.count }
}
