import Testing
@testable import CredfileYAML

@Suite struct PositionTests {
    @Test func describesAsLineColon() {
        let p = SourcePosition(offset: 10, line: 3, column: 5)
        #expect(p.description == "3:5")
        #expect(SourceRange(at: p).byteRange == 10..<10)
    }
}
