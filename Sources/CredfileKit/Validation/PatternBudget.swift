public import CredfileYAML

/// How much regular-expression work one file may cost: every search of a schema `pattern`
/// or a selection rule (`encrypted_regex`, `unencrypted_regex`) while one file is checked
/// draws on one budget.
///
/// Patterns come from the branch under review (schemas, the file's own `sops` block,
/// `.sops.yaml`). ``LinearRegex`` is linear in the text but multiplied by the program size:
/// `(.{1000}){9}z` is 9,000 states, and on a 20 KB value that is 180 million steps (over 40 s
/// in release builds of the old matcher). A budget turns that into one diagnostic naming the
/// pattern, instead of a stalled hook or CI job.
///
/// The number, ``stepsPerFile``: 20 million steps (one step: one NFA state followed or
/// tested at one scalar). Measured in a release build on the 2-core development machine:
/// `(.{100}){9}z` on a 20 KB value (18 million steps, just under the budget) makes the whole
/// `validate` of that one file take 115 ms, and `(.{1000}){9}z` (over budget) 121 ms to the
/// diagnostic — about 5 ns a step, so the budget costs at most ~0.1 s per file, far under the
/// one second a key-less `validate` of one file may take, while an honest pattern (tens of
/// states) on a 1 KB value costs tens of thousands of steps.
///
/// Per file and per thread: ``current`` is a task-local set by the validator around one
/// file, so the files checked in parallel never share one. Outside such a scope (`new`,
/// `set`, `encrypt`) every search gets a budget of its own of the same size.
public final class PatternBudget: @unchecked Sendable {
    /// The steps one file may spend on regular expressions.
    public static let stepsPerFile = 20_000_000

    /// The budget of the file being checked on this thread, if any.
    @TaskLocal public static var current: PatternBudget?

    /// A pattern whose search ran out of budget, and where it is written.
    public struct Exceeded: Sendable, Hashable {
        /// Which pattern: a schema field's, or a selection rule's.
        public enum Source: Sendable, Hashable {
            /// A schema field's `pattern`: the schema file and the position of the pattern.
            case schemaPattern(path: String?, position: SourcePosition?)
            /// A selection rule of the file being checked (its `sops` block).
            case rule
        }
        public var source: Source
        /// The pattern as written (patterns are not values: quoting them is allowed).
        public var pattern: String
    }

    /// Steps left.
    public private(set) var remaining: Int
    /// The first search that ran out; once set, every further search answers nil at once.
    public private(set) var exceeded: Exceeded?

    public init(steps: Int = PatternBudget.stepsPerFile) {
        remaining = steps
    }

    /// Whether the budget has run out: checks that need a pattern's answer are then skipped.
    public var isExhausted: Bool { exceeded != nil }

    /// Runs `search` against the current budget (or a fresh one per search outside a scope);
    /// nil when the budget ran out, which is recorded with `source` the first time.
    static func search(
        _ pattern: String, _ source: Exceeded.Source, _ search: (inout Int) -> Bool?
    ) -> Bool? {
        guard let budget = current else {
            var steps = stepsPerFile
            return search(&steps)
        }
        if budget.isExhausted { return nil }
        let answer = search(&budget.remaining)
        if answer == nil { budget.exceeded = Exceeded(source: source, pattern: pattern) }
        return answer
    }
}
