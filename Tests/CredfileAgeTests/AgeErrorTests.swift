import Testing
@testable import CredfileAge

@Suite struct AgeErrorTests {
    @Test func messageIsDescription() {
        #expect(AgeError(.noMatch, "no identity matched").description == "no identity matched")
    }
}
