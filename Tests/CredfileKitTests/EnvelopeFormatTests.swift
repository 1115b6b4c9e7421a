import CredfileYAML
import Testing
@testable import CredfileKit

/// The small format rules, each named after the sops-format.md section it pins.
@Suite struct EnvelopeFormatTests {
    @Test(arguments: [
        ([UInt8](), ""), ([0x66], "Zg=="), ([0x66, 0x6f], "Zm8="), ([0x66, 0x6f, 0x6f], "Zm9v"),
        (Array("hunter2".utf8), "aHVudGVyMg=="),
    ])
    func base64RoundTrip(bytes: [UInt8], text: String) {
        #expect(Base64.encode(bytes) == text)
        #expect(Base64.decode(text) == bytes)
    }

    /// §1.1: sops uses Go's StdEncoding; unpadded and URL-safe input is rejected.
    @Test(arguments: ["Zg", "Zm8", "Z===", "Zg=a", "Zm9v_w==", "Zm9v-w==", "Zm 9v", "=Zg="])
    func base64RejectsNonStandard(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func encryptedValueRoundTrips() throws {
        let text = "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]"
        let value = try EncryptedValue(parsing: text)
        #expect(value.data.count == 3)
        #expect(value.iv.count == 32)
        #expect(value.tag.count == 16)
        #expect(value.type == "str")
        #expect(value.text == text)
    }

    /// Found by fuzz/run enc: a tag whose last base64 character carries non-zero trailing bits
    /// (`…AFE==` where the canonical spelling is `…AFA==`). Go's non-strict decoder, and so
    /// sops, accepts it; so do we, and the token we would write back is the canonical one,
    /// which parses to the same bytes (the fuzz target checks exactly this idempotence).
    @Test func trailingBitsAreToleratedAndWrittenCanonically() throws {
        let lenient = "ENC[AES256_GCM,data:tpjULik=,iv:gnAeQH9A/cakr5YDa4Xlu5fcg/yWml8f3kOwvPTI1+A=,tag:P+Px6+PGmZV5JXE7Ls0AFE==,type:str]"
        let value = try EncryptedValue(parsing: lenient)
        #expect(value.text != lenient)
        #expect(value.text.contains("tag:P+Px6+PGmZV5JXE7Ls0AFA==,"))
        #expect(try EncryptedValue(parsing: value.text) == value)
    }

    /// §1.1 and §1.2: each malformed variant is rejected, and the message never echoes it.
    @Test(arguments: [
        "ENC[AES256_GCM,data:,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]",
        "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]",
        "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gN,type:str]",
        "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:bytes]",
        "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==]",
        "ENC[AES128_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]",
        "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str",
    ])
    func encryptedValueRejects(text: String) {
        #expect {
            try EncryptedValue(parsing: text)
        } throws: { error in
            let message = (error as? CredfileError)?.message ?? ""
            return message.hasPrefix("malformed encrypted value") && !message.contains("oYyi")
                && !message.contains("MyIDYbT718")
        }
    }

    /// §2.1: keys joined by ':' plus a trailing ':'; the root is ':'.
    @Test func additionalDataHasTrailingColon() {
        #expect(AdditionalData.forPath(["db", "password"]) == Array("db:password:".utf8))
        #expect(AdditionalData.forPath([]) == Array(":".utf8))
    }

    /// §5.1: rules apply to every component of the path, so a matching parent encrypts its subtree.
    @Test func rulesApplyToAncestors() throws {
        let regex = try EncryptionRule(.encryptedRegex, "^(password|client_secret)$")
        #expect(regex.encrypts(["password"]))
        #expect(regex.encrypts(["db", "password"]))
        #expect(regex.encrypts(["password", "a"]))
        #expect(!regex.encrypts(["passwords"]))
        #expect(!regex.encrypts(["host"]))
        let suffix = EncryptionRule.sopsDefault
        #expect(suffix.encrypts(["db", "user"]))
        #expect(!suffix.encrypts(["debug_unencrypted"]))
        #expect(!suffix.encrypts(["x_unencrypted", "a"]))
        let search = try EncryptionRule(.unencryptedRegex, "pub")
        #expect(!search.encrypts(["a", "public_key"]), "an unanchored search, as Go's MatchString")
        #expect(search.encrypts(["secret"]))
    }

    /// The set fast path must agree with a real regex on what it accepts and declines.
    @Test func literalAlternationFastPath() {
        #expect(KeyMatcher.literalAlternation("^(password|client_secret)$") == ["password", "client_secret"])
        #expect(KeyMatcher.literalAlternation("^password$") == ["password"])
        #expect(KeyMatcher.literalAlternation("^(pass.*)$") == nil)
        #expect(KeyMatcher.literalAlternation("password") == nil)
        #expect(KeyMatcher.literalAlternation("^(a||b)$") == nil)
    }

    /// §4.1: `3.11.0-swift` is accepted by sops, `3.9` and `foo` are not.
    @Test(arguments: [("3.11.0", true), ("3.11.0-swift", true), ("99.0.0", true), ("3.9", false), ("foo", false), ("3..0", false)])
    func versionsAsSopsParsesThem(version: String, ok: Bool) {
        #expect(SOPSMetadata.isSemanticVersion(version) == ok)
    }

    /// §1.2: canonical plaintexts (writing anything else risks sops reusing an IV, §6.4).
    @Test func canonicalPlaintexts() {
        #expect(SOPSValue.bool(true).canonicalText == "True")
        #expect(SOPSValue.bool(false).canonicalText == "False")
        #expect(SOPSValue.int(-5).canonicalText == "-5")
        #expect(SOPSValue.float(1.5).canonicalText == "1.5")
        #expect(SOPSValue.float(1e21).canonicalText == "1000000000000000000000")
        #expect(SOPSValue.decode(Array("true".utf8), type: "bool") == .bool(true))
        #expect(SOPSValue.decode(Array("0x10".utf8), type: "int") == nil)
        #expect(SOPSValue.decode(Array("1.50".utf8), type: "float") == .float(1.5))
    }

    /// The decrypted-output token keeps the type: float 1 is written `1.0`, not `1`.
    @Test func yamlTokensKeepTheirType() {
        #expect(SOPSValue.float(1).yamlToken == "1.0")
        #expect(SOPSValue.float(.infinity).yamlToken == ".inf")
        #expect(SOPSValue.bool(true).yamlToken == "true")
        #expect(SOPSValue.string("123").yamlToken != "123")
    }

    @Test(arguments: [
        ("password", ["password"]), ("db.password", ["db", "password"]),
        ("[\"a.b\"][\"c\"]", ["a.b", "c"]),
    ])
    func fieldPaths(text: String, path: [String]) throws {
        #expect(try DecryptFile.parseFieldPath(text) == path)
    }
}
