import CredfileCrypto
import Foundation
import Testing
@testable import CredfileAge

/// A vector file under Fixtures/<scenario>/vector.txt, in the shape of the CCTV age testkit:
/// `key: value` lines, an empty line, then the age file itself (age-format.md §12.4).
struct AgeVector: CustomTestStringConvertible {
    var scenario: String
    var fields: [(key: String, value: String)]
    var file: [UInt8]

    var testDescription: String { scenario }

    init(_ scenario: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let data = Array(try Data(contentsOf: url.appendingPathComponent(scenario).appendingPathComponent("vector.txt")))
        let split = try #require(data.indices.first { data[$0...].starts(with: [10, 10]) })
        self.scenario = scenario
        fields = String(decoding: data[..<split], as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
        }
        file = Array(data[(split + 2)...])
    }

    func values(_ key: String) -> [String] { fields.filter { $0.key == key }.map(\.value) }
    func value(_ key: String) throws -> String { try #require(values(key).first) }

    var identities: [AgeIdentity] { get throws { try values("identity").map { try AgeIdentity(parsing: $0) } } }
    var plaintext: [UInt8] { get throws { [UInt8](hex: try value("plaintext")) } }
    /// The injected randomness, in the order encryption draws it (age-format.md §12.2).
    var random: ScriptedRandom { ScriptedRandom(values("random").map { [UInt8](hex: $0) }) }
}

/// Hands out fixed byte strings in order and records a mismatch in length as a test issue.
final class ScriptedRandom: RandomSource {
    private var queue: [[UInt8]]

    init(_ queue: [[UInt8]]) {
        self.queue = queue
    }

    var isExhausted: Bool { queue.isEmpty }

    func secretBytes(_ count: Int) throws -> SecretBytes {
        let next = try #require(queue.first, "encryption drew more randomness than the vector provides")
        queue.removeFirst()
        #expect(next.count == count, "randomness drawn out of order")
        return SecretBytes(next)
    }
}

/// Known keys of age-format.md §12.
enum Keys {
    static let identityA = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
    static let recipientA = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"
    static let identityB = "AGE-SECRET-KEY-1GDP5XS6RGDP5XS6RGDP5XS6RGDP5XS6RGDP5XS6RGDP5XS6RGDPSST380Y"
    static let recipientB = "age1ehhas7p6jx6yveqw9c0e2kvakd0ysjsqwx7jrq4nkcxssykpp3cq0wk9nt"
    static let passphrase = "correct horse battery staple"
    static let plaintext = [UInt8](0..<32)
}

extension Array where Element == UInt8 {
    /// Decodes a hex literal; traps on bad input because vectors are literals.
    init(hex: String) {
        let digits = hex.map { $0.hexDigitValue! }
        self = stride(from: 0, to: digits.count, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    /// The text of an ASCII file (test-only convenience).
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// The failure class of `body`, or nil if it succeeded.
func ageErrorKind(_ body: () throws -> Void) -> AgeError.Kind? {
    do {
        try body()
        return nil
    } catch let error as AgeError {
        return error.kind
    } catch {
        Issue.record("unexpected error type \(type(of: error))")
        return nil
    }
}
