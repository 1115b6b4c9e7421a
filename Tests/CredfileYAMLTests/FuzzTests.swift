import CredfileTestSupport
import Testing
@testable import CredfileYAML

/// A few hundred mutations of the sops file: the loader must return or throw `YAMLError`
/// (never crash or throw anything else), with an in-bounds position.
@Suite struct FuzzTests {

    static let structural = Array("[]{}:-?&*!|>'\"#\n \t,%@`\\~<+0".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0x0D]

    static func mutate(_ bytes: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.removeSubrange(i...)
            case 2: bytes.insert(structural.randomElement(using: &rng)!, at: i)
            case 3: bytes.remove(at: i)
            default: bytes[i] = structural.randomElement(using: &rng)!
            }
        }
        return bytes
    }

    @Test func mutatedInputsReturnOrThrowYAMLError() throws {
        var rng = SplitMix64(seed: 0xC0FFEE)
        let seeds = [Array(sopsEncryptedFile.utf8), Array(representativeFile.utf8)]
        var outcomes: [String: Int] = [:]
        for round in 0..<400 {
            let input = Self.mutate(seeds[round % 2], using: &rng)
            do {
                _ = try YAMLLoader.load(input)
                outcomes["ok", default: 0] += 1
            } catch let error as YAMLError {
                outcomes[error.kind.code, default: 0] += 1
                #expect(error.position.offset <= input.count && error.position.line >= 1 && error.position.column >= 1)
            } catch {
                Issue.record("round \(round): unexpected \(error)")
            }
            if (try? SourceMap(validating: input)) != nil {
                try LibYAMLMarkTests.expectAgreement(input)
            }
        }
        // The corpus must exercise both paths, or it tests nothing.
        #expect(outcomes["ok", default: 0] > 20)
        #expect(outcomes.count > 5)
    }
}
