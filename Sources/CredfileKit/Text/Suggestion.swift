/// "Did you mean …?": the nearest of a few known words to a typo — a subcommand, a credential
/// name, a credential type (issue 16). One definition of "near" for every command.
///
/// Near is the optimal-string-alignment distance (Damerau–Levenshtein without repeated edits
/// of one substring: insert, delete, substitute, swap two neighbours, each costs 1), compared
/// case-insensitively (`SHOW` → `show`), at most a third of the longer word's length (at least 1): `shwo` → `show`
/// (1 swap), `smtp-prod` → `smtp-prd` (1), but `ls` is not near `list` (2 of 4). A word equal to
/// a candidate is no typo, and suggests nothing.
public enum Suggestion {
    /// The nearest candidate, or nil when none is near; on a tie, the first in `candidates`.
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        // A pasted secret or a whole paragraph is no typo of a short word: bounded work.
        guard !typed.isEmpty, typed.count <= 128 else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let known = Array(candidate.lowercased().unicodeScalars)
            guard candidate != word, known.count <= 128 else { continue }
            let limit = max(1, max(known.count, typed.count) / 3)
            let d = distance(typed, known)
            if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.candidate
    }

    /// The optimal-string-alignment distance between `a` and `b` (rows of the usual table,
    /// three kept: the swap looks two rows back).
    public static func distance<C: Equatable>(_ a: [C], _ b: [C]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    /// `did you mean 'show'?`, the hint every command gives, or nil when nothing is near.
    public static func hint(for word: String, among candidates: [String]) -> String? {
        nearest(to: word, among: candidates).map { "did you mean '\($0)'?" }
    }
}
