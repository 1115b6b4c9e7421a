import CredfileKit
import Testing

/// "Did you mean": the one definition of a near word (issue 16 item 11).
@Suite struct SuggestionTests {
    @Test(arguments: [
        ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("show", "show", 0),
        ("shwo", "show", 1),  // a swap of neighbours is one edit, not two
        ("ca", "abc", 3),  // optimal string alignment: no edit of a swapped pair (true Damerau gives 2)
        ("smtp-prod", "smtp-prd", 1), ("smpt", "smtp", 1), ("rotate", "rm", 5),
    ])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(Suggestion.distance(Array(a), Array(b)) == expected)
        #expect(Suggestion.distance(Array(b), Array(a)) == expected, "symmetric")
    }

    static let commands = ["init", "keygen", "new", "show", "get", "list", "set", "unset", "edit", "rm", "rotate", "validate", "export"]

    @Test func nearestWithinAThirdOfTheLength() {
        #expect(Suggestion.nearest(to: "shwo", among: Self.commands) == "show")
        #expect(Suggestion.nearest(to: "valdiate", among: Self.commands) == "validate")
        #expect(Suggestion.nearest(to: "exprot", among: Self.commands) == "export")
        #expect(Suggestion.nearest(to: "SHOW", among: Self.commands) == "show", "case is no difference")
        #expect(Suggestion.nearest(to: "ls", among: Self.commands) == nil, "2 edits of 4 letters is no typo")
        #expect(Suggestion.nearest(to: "frobnicate", among: Self.commands) == nil)
        #expect(Suggestion.nearest(to: "show", among: Self.commands) == nil, "the word itself is no typo")
        #expect(Suggestion.nearest(to: "", among: Self.commands) == nil)
        #expect(Suggestion.nearest(to: "x", among: []) == nil)
    }

    @Test func tiesGoToTheFirstCandidateAndTheNearestWins() {
        #expect(Suggestion.nearest(to: "sat", among: ["set", "get", "sit"]) == "set")
        #expect(Suggestion.nearest(to: "smtp-prdo", among: ["smtp-dev", "smtp-prod"]) == "smtp-prod")
    }

    @Test func longInputIsNoTypo() {
        let pasted = String(repeating: "a", count: 200)
        #expect(Suggestion.nearest(to: pasted, among: [String(repeating: "a", count: 199)]) == nil)
    }

    @Test func hintWording() {
        #expect(Suggestion.hint(for: "smpt", among: ["generic", "msgraph", "smtp"]) == "did you mean 'smtp'?")
        #expect(Suggestion.hint(for: "zzzz", among: ["smtp"]) == nil)
    }
}
