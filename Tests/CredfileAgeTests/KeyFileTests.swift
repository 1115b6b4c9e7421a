import Testing
@testable import CredfileAge

@Suite struct KeyFileTests {
    @Test func formatIsWhatAgeKeygenWrites() throws {
        let identity = try AgeIdentity(parsing: Keys.identityA)
        let text = AgeKeyFile.format(identity, created: "2026-11-22T08:16:39Z")
        #expect(text == """
            # created: 2026-11-22T08:16:39Z
            # public key: \(Keys.recipientA)
            \(Keys.identityA)

            """)
    }

    @Test func formattedFileParsesBack() throws {
        let identity = try AgeIdentity.generate()
        let parsed = try AgeKeyFile.parseIdentities(AgeKeyFile.format(identity, created: "2026-01-01T00:00:00Z"))
        #expect(parsed.map(\.recipient) == [identity.recipient])
    }

    @Test(arguments: [
        "\(Keys.identityA)",
        "\(Keys.identityA)\n",
        "# created: x\r\n# public key: \(Keys.recipientA)\r\n\(Keys.identityA)\r\n",
        "\n\n#comment\n\n\(Keys.identityA)\n\n",
    ])
    func commentsBlankLinesAndCRAreSkipped(_ text: String) throws {
        let parsed = try AgeKeyFile.parseIdentities(text)
        #expect(parsed.map(\.recipient.description) == [Keys.recipientA])
    }

    @Test func severalIdentitiesKeepTheirOrder() throws {
        let parsed = try AgeKeyFile.parseIdentities("\(Keys.identityB)\n# second\n\(Keys.identityA)\n")
        #expect(parsed.map(\.recipient.description) == [Keys.recipientB, Keys.recipientA])
    }

    @Test func badLineIsNamedByNumberNotContent() {
        let secretLooking = "AGE-SECRET-KEY-1NOTAREALKEYBUTSECRETLOOKING"
        let error = #expect(throws: AgeError.self) {
            try AgeKeyFile.parseIdentities("# created: x\n\(Keys.identityA)\n\n\(secretLooking)\n")
        }
        #expect(error?.kind == .invalidKey)
        #expect(error?.message.hasPrefix("line 4: ") == true)
        #expect(error?.message.contains("NOTAREALKEY") == false)
    }

    @Test func leadingWhitespaceIsNotTolerated() {
        // age only skips lines that are empty or start with '#'.
        let error = #expect(throws: AgeError.self) { try AgeKeyFile.parseIdentities("  \(Keys.identityA)\n") }
        #expect(error?.message.hasPrefix("line 1: ") == true)
    }

    @Test(arguments: ["", "\n", "# only a comment\n"])
    func fileWithoutIdentitiesIsAnError(_ text: String) {
        #expect(throws: AgeError(.invalidKey, "no identities found")) { try AgeKeyFile.parseIdentities(text) }
    }

    @Test func recipientsFile() throws {
        let parsed = try AgeKeyFile.parseRecipients("# team\n\(Keys.recipientA)\r\n\n\(Keys.recipientB)\n")
        #expect(parsed.map(\.description) == [Keys.recipientA, Keys.recipientB])
        let error = #expect(throws: AgeError.self) { try AgeKeyFile.parseRecipients("\(Keys.recipientA)\n\(Keys.identityA)\n") }
        #expect(error?.message == "line 2: this is an age identity (secret key), not a recipient")
        #expect(throws: AgeError(.invalidKey, "no recipients found")) { try AgeKeyFile.parseRecipients("#\n") }
    }
}
