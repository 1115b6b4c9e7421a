import CredfileKit
import Testing

/// `Masking.mask`: `****` + last four characters (grapheme clusters), only `****` under 8.
@Suite struct MaskingTests {
    @Test(arguments: [
        ("", "****"),
        ("abc", "****"),
        ("abcdefg", "****"),
        ("abcdefgh", "****efgh"),
        (String(repeating: "a", count: 36) + "WXYZ", "****WXYZ"),
        ("motdepasse-é", "****se-é"),
        ("e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", "****"),
        ("日本日本日本日", "****"),
        ("日本日本日本日本", "****日本日本"),
        ("key-🔑🔑🔑👍🏽", "****🔑🔑🔑👍🏽"),
        ("👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦", "****"),
    ])
    func masks(_ value: String, _ expected: String) {
        #expect(Masking.mask(value) == expected)
    }

    @Test func theNumberOfStarsSaysNothingAboutTheLength() {
        #expect(Masking.mask("abcdefgh").count == Masking.mask(String(repeating: "h", count: 400)).count)
    }
}
