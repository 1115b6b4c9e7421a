import Testing
@testable import CredfileYAML

/// Rule 6: anchors, aliases and tags other than `!!str` are rejected, each with its own kind.
@Suite struct PropertyTests {
    @Test func anchorOnScalar() {
        check("é: 1\nb: 1️⃣&x 日本\n", .anchor, "anchors are not supported")
    }

    @Test func anchorAfterTag() {
        check("b: !!str 1️⃣&x v\n", .anchor, "anchors are not supported")
    }

    @Test func anchorOnMapping() {
        check("b: 1️⃣&base\n  k: v\n", .anchor, "anchors are not supported")
    }

    @Test func alias() {
        check("a: x\nb: 1️⃣*x\n", .alias, "aliases are not supported")
    }

    @Test func coreTagOtherThanStr() {
        check("a: 1️⃣!!int 3\n", .unsupportedTag, "tag '!!int' is not supported")
    }

    @Test func customTagIsNotNamed() {
        check("a:\n  b: 1️⃣!env FOO\n", .unsupportedTag, "custom tags are not supported")
        // An unquoted password starting with '!' is a tag: it must not reach the message.
        check("password: 1️⃣!Passw0rd\n", .unsupportedTag, "custom tags are not supported")
        check("password: 1️⃣!!Passw0rd\n", .unsupportedTag, "custom tags are not supported")
    }

    @Test func tagHintSaysWhatIsAllowed() {
        #expect(loadError(Array("a: !!int 1\n".utf8))?.hint == "only '!!str' is allowed; quote a value that starts with '!'")
    }

    @Test func strTagOnCollection() {
        check("a: 1️⃣!!str {b: c}\n", .unsupportedTag, "tag '!!str' is not supported")
    }

    @Test func nonSpecificTag() {
        check("a: 1️⃣! x\n", .unsupportedTag, "custom tags are not supported")
    }

    @Test func strTagIsKept() throws {
        let document = try YAMLLoader.load(Array("a: !!str 123\nb: !<tag:yaml.org,2002:str> x\n".utf8))
        #expect(document.root["a"]?.scalar == YAMLScalar("123", style: .plain, tag: "tag:yaml.org,2002:str"))
        #expect(document.root["b"]?.scalar?.tag == "tag:yaml.org,2002:str")
    }
}
