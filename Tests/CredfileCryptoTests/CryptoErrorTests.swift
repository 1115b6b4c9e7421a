import Testing
@testable import CredfileCrypto

@Suite struct CryptoErrorTests {
    @Test func messageIsDescription() {
        #expect(CryptoError(.invalidParameter, "bad key length").description == "bad key length")
    }
}
