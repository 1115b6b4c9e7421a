import Testing
@testable import CredfileYAML

/// Rules 5 and 7: keys are unique strings.
@Suite struct KeyTests {
    @Test func duplicateKeyAtSecondOccurrence() {
        check("# c\nuser: a\npassword: b\n1️⃣user: c\n", .duplicateKey, "duplicate key 'user' (first defined on line 2)")
    }

    @Test func quotedAndPlainKeysCollide() {
        check("a: 1\n1️⃣\"a\": 2\n", .duplicateKey, "duplicate key 'a' (first defined on line 1)")
        check("'a': 1\n1️⃣a: 2\n", .duplicateKey, "duplicate key 'a' (first defined on line 1)")
        check("a: 1\n1️⃣!!str a: 2\n", .duplicateKey, "duplicate key 'a' (first defined on line 1)")
    }

    @Test func escapedKeysCompareByValue() {
        check("\"\\u00e9\": 1\n1️⃣é: 2\n", .duplicateKey, "duplicate key 'é' (first defined on line 1)")
    }

    /// go-yaml compares keys by bytes: NFC and NFD spellings, or `K` and U+212A KELVIN SIGN,
    /// are two keys to sops (which encrypts them under different AADs), though Swift's
    /// `String ==` calls them equal.
    @Test func canonicallyEquivalentKeysAreDistinct() throws {
        let document = try YAMLLoader.load(Array("caf\u{E9}: 1\ncafe\u{301}: 2\nKey: 3\n\u{212A}ey: 4\n".utf8))
        #expect(document.root.mapping?.count == 4)
    }

    @Test func duplicateInNestedAndFlowMappings() {
        check("db:\n  日本: 1\n  x: 2\n  1️⃣日本: 3\n", .duplicateKey, "duplicate key '日本' (first defined on line 2)")
        check("a: {k: 1, 1️⃣k: 2}\n", .duplicateKey, "duplicate key 'k' (first defined on line 1)")
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        let document = try YAMLLoader.load(Array("a:\n  k: 1\nb:\n  k: 2\nc:\n  - k: 3\n  - k: 4\n".utf8))
        #expect(document.root["b"]?["k"]?.scalar?.value == "2")
    }

    @Test func duplicateMessageTruncatesAndEscapesTheKey() {
        let long = String(repeating: "k", count: 70)
        check("\(long): 1\n1️⃣\(long): 2\n", .duplicateKey,
              "duplicate key '\(String(repeating: "k", count: 64))…' (first defined on line 1)")
        check("\"a\\tb\\u2028\": 1\n1️⃣\"a\\tb\\u2028\": 2\n", .duplicateKey,
              "duplicate key 'a\\u{9}b\\u{2028}' (first defined on line 1)")
    }

    @Test func mappingAsKey() {
        check("a: 1\n? 1️⃣{b: c}\n: 2\n", .nonStringKey, "mapping key must be a string, found a mapping")
    }

    @Test func sequenceAsKey() {
        check("a: 1\n1️⃣[b, c]: 2\n", .nonStringKey, "mapping key must be a string, found a sequence")
    }

    @Test(arguments: ["~", "null", "Null", "NULL"])
    func nullKeys(spelling: String) {
        check("a: 1\n1️⃣\(spelling): 2\n", .nonStringKey, "mapping key '\(spelling)' resolves to null, not a string")
    }

    /// sops rejects keys go-yaml resolves to anything but a string (sops-format.md §1.3).
    @Test(arguments: [("true", "bool"), ("1", "int"), ("0x1F", "int"), ("1.5", "float"), ("2024-01-02", "time")])
    func typedPlainKeys(spelling: String, type: String) {
        check("a: 1\n1️⃣\(spelling): 2\n", .nonStringKey, "mapping key '\(spelling)' resolves to \(type), not a string")
    }

    @Test func yamlOneOneBooleansAndQuotedNumbersAreStringKeys() throws {
        let document = try YAMLLoader.load(Array("yes: 1\non: 2\n\"1\": 3\n'true': 4\n".utf8))
        #expect(document.root.mapping?.map(\.key) == ["yes", "on", "1", "true"])
    }

    @Test func emptyKey() {
        check("a: 1\n?1️⃣\n: v\n", .nonStringKey, "mapping key is empty resolves to null, not a string")
    }

    @Test func quotedOrTaggedNullSpellingsAreStrings() throws {
        let document = try YAMLLoader.load(Array("\"null\": 1\n'~': 2\n!!str NULL: 3\n\"\": 4\nnULL: 5\n".utf8))
        #expect(document.root.mapping?.map(\.key) == ["null", "~", "NULL", "", "nULL"])
    }

    @Test func mergeKey() {
        check("a: 1\n1️⃣<<: {b: 2}\n", .mergeKey, "merge keys ('<<') are not supported")
    }

    @Test func quotedMergeKeyIsAString() throws {
        let document = try YAMLLoader.load(Array("\"<<\": 1\n".utf8))
        #expect(document.root["<<"]?.scalar?.value == "1")
    }

    @Test func unicodeKeys() throws {
        let document = try YAMLLoader.load(Array("日本語: a\n\"😀 key\": b\nclé:\n  ñ: c\n".utf8))
        #expect(document.root.mapping?.map(\.key) == ["日本語", "😀 key", "clé"])
        #expect(document.root["clé"]?["ñ"]?.scalar?.value == "c")
    }
}
