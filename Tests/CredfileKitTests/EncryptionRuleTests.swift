@testable import CredfileKit
import Testing

/// The selection rules decided exactly as sops 3.11 decides them (`sops.go`,
/// `shouldBeEncrypted`): `regexp.Match(rule, []byte(key))`, an unanchored RE2 search, and
/// `strings.HasSuffix(key, suffix)`, a comparison of UTF-8 bytes. Swift's `String` compares by
/// canonical equivalence, which Go never does. The differential test against the real sops is
/// `SopsRuleDifferentialTests` (CLI tests).
@Suite struct EncryptionRuleTests {
    /// `^pass|tok$` is "starts with pass" or "ends with tok" in RE2, not the key set
    /// {pass, tok}: the fast path read it as the set, so `password` stayed plain.
    @Test func anchorsOutsideAGroupBindToTheirAlternativeOnly() throws {
        let rule = try EncryptionRule(.encryptedRegex, "^pass|tok$")
        #expect(rule.encrypts(["password"]))
        #expect(rule.encrypts(["api_tok"]))
        #expect(rule.encrypts(["pass"]))
        #expect(!rule.encrypts(["xpass"]))
        #expect(!rule.encrypts(["token"]))
        let plain = try EncryptionRule(.unencryptedRegex, "^a|b$")
        #expect(!plain.encrypts(["abc"]))
        #expect(!plain.encrypts(["cab"]))
        #expect(plain.encrypts(["cat"]))
    }

    /// The shapes the fast path may take, and the near misses it must leave to the engine.
    @Test func fastPathOnlyForAWholeGroupOfLiterals() throws {
        #expect(KeyMatcher.literalAlternation("^(a|b_c|d-e)$") == ["a", "b_c", "d-e"])
        #expect(KeyMatcher.literalAlternation("^abc$") == ["abc"])
        #expect(KeyMatcher.literalAlternation("^(abc)$") == ["abc"])
        #expect(KeyMatcher.literalAlternation("^a|b$") == nil)
        #expect(KeyMatcher.literalAlternation("^(a)|(b)$") == nil)
        #expect(KeyMatcher.literalAlternation("^(a)(b)$") == nil)
        #expect(KeyMatcher.literalAlternation("^(a|)$") == nil)
        #expect(KeyMatcher.literalAlternation("^()$") == nil)
        #expect(KeyMatcher.literalAlternation("^(a|b)$x") == nil)
        #expect(KeyMatcher.literalAlternation("^(a.b)$") == nil)
        #expect(try EncryptionRule(.encryptedRegex, "^(a)|(b)$").encrypts(["ab"]))
        #expect(try EncryptionRule(.encryptedRegex, "^(a)|(b)$").encrypts(["cab"]))
    }

    /// U+212A KELVIN SIGN is canonically equivalent to `K`, so a Swift `Set<String>` finds
    /// `"\u{212A}ey"` under `Key`; Go compares bytes and does not.
    @Test func exactNamesCompareBytes() throws {
        let rule = try EncryptionRule(.encryptedRegex, "^(Key|other)$")
        #expect(rule.encrypts(["Key"]))
        #expect(!rule.encrypts(["\u{212A}ey"]))
        let cafe = try EncryptionRule(.encryptedRegex, "^(caf\u{E9})$")
        #expect(cafe.encrypts(["caf\u{E9}"]))
        #expect(!cafe.encrypts(["cafe\u{301}"]))
    }

    /// `strings.HasSuffix` compares bytes; Swift's `hasSuffix` compares characters up to
    /// canonical equivalence (NFC `é` ends NFD `é`; a lone combining mark never ends anything).
    @Test func suffixesCompareBytes() throws {
        let nfc = try EncryptionRule(.encryptedSuffix, "\u{E9}")
        #expect(nfc.encrypts(["caf\u{E9}"]))
        #expect(!nfc.encrypts(["cafe\u{301}"]))
        let nfd = try EncryptionRule(.unencryptedSuffix, "e\u{301}")
        #expect(nfd.encrypts(["caf\u{E9}"]))
        #expect(!nfd.encrypts(["cafe\u{301}"]))
        let mark = try EncryptionRule(.encryptedSuffix, "\u{301}")
        #expect(mark.encrypts(["cafe\u{301}"]))
        #expect(!mark.encrypts(["caf\u{E9}"]))
        let kelvin = try EncryptionRule(.encryptedSuffix, "_K")
        #expect(!kelvin.encrypts(["temp_\u{212A}"]))
        #expect(EncryptionRule.sopsDefault.encrypts(["x_unencrypte\u{64}\u{301}"]))
    }

    /// The matcher cache must not hand the NFC pattern's matcher to the NFD pattern (a
    /// `[String: …]` dictionary treats them as one key).
    @Test func cachedMatchersAreKeyedByBytes() throws {
        let nfc = try EncryptionRule(.encryptedRegex, "x_caf\u{E9}$")
        let nfd = try EncryptionRule(.encryptedRegex, "x_cafe\u{301}$")
        #expect(nfc.encrypts(["x_caf\u{E9}"]))
        #expect(!nfc.encrypts(["x_cafe\u{301}"]))
        #expect(nfd.encrypts(["x_cafe\u{301}"]))
        #expect(!nfd.encrypts(["x_caf\u{E9}"]))
        #expect(nfc != nfd)
    }
}
