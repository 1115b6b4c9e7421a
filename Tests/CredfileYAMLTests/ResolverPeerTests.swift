import CredfileTestSupport
import CredfileYAML
import Foundation
import Testing

/// Checks the resolver, the canonical plaintexts and the writer against the real sops 3.11
/// (Go, go-yaml v3). Batched: one encrypt and one decrypt per table, since sops costs ~80 ms.
///
/// How the canonical plaintext is read back: the `type:` of an ENC value is not part of its
/// AAD, so rewriting `type:float` to `type:str` makes sops print the exact decrypted bytes.
/// The MAC still verifies because sops hashes a str as its bytes, which are the canonical form.
@Suite(.serialized) struct ResolverPeerTests {
    static let recipient = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"
    static let identity = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"

    /// Plain scalars beyond the unit tables; their expectations come from our resolver and
    /// are judged by sops only.
    static let extraPlain: [String] = [
        "0.1", "1e-7", "123456789012345678901234567890", "3.14159265358979323846", "-1.5e-10", "1E+2", "+1", "+0",
        "-017", "0o0", "0x0", "-0x0", "1.5e+300", "4.9e-324", "2.5e-324", "1e-324", "9007199254740993", ".1e1",
        "-.1e-1", "1_2_3", "12_34.5_6", "0b1_1", "0.", "-.5", "+1e3", "1e+03", "00", "0_", "1.2.3", "1e3.5",
        "0xG", "1:2", "v1.2.3", "∞", "Yes", "NO", "off", "Inf", "-Inf", "+.INF", ".NAN", "FALSE", "nULL",
        "2024-12-31T23:59:59.999999999999Z", "2024-06-30 23:59:59,1", "1999-01-01T00:00:00+14:00",
        "2024-01-01T00:00:00-12:00", "2024-01-01 0:0:0", "2024-1-1T1:1:1.1Z", "2100-02-29", "0001-01-01",
        "2024-01-01T00:00:00+01:30", "2024-12-01T00:00:00+24:59x", "1234-5", "2024-01", "2024-01-02T",
        "0x7FFFFFFFFFFFFFFF", "-0x8000000000000000", "-0b1", "0o777", "0O777", "1e", "e1", "+", "+-1", "0.0e0",
    ]

    /// Scalars sops refuses: uint64 ("unknown type: uint64"), go-yaml decode errors, and a
    /// time Go cannot marshal.
    static let refused: [String] = [
        "18446744073709551615", "0x8000000000000000", "0o1777777777777777777777", "!!int abc", "!!null foo",
        "!!bool yes", "!!float 0x1p-2", "!!timestamp 2024-13-01", "!!binary \"%%%\"", "2024-01-01T00:00:00+24:00",
        "!!int 2024-01-02",
    ]

    @Test(PeerTool.needs("sops")) func resolveAndCanonicalFormMatchSops() throws {
        let sops = try PeerTool.require("sops")
        let rows = (documentedRows + goSemanticsRows).map(\.scalar) + Self.extraPlain.map { YAMLScalar($0) }
        let yaml = rows.enumerated().map { "k\($0.offset): \(Self.source(of: $0.element))" }.joined(separator: "\n")
        let dir = try TemporaryDirectory("resolver-peer")
        let (types, plaintexts) = try Self.typesAndPlaintexts(sops: sops, yaml: yaml + "\n", dir: dir)
        #expect(types.count == rows.count)
        for (i, scalar) in rows.enumerated() {
            let ours = YAMLResolver.resolve(scalar)
            let label = Self.source(of: scalar)
            // Empty strings are never encrypted (sops-format.md §1.1), so they carry no type.
            let expectedType = ours == .string("") ? nil : ours.sopsType
            #expect(types["k\(i)"] ?? nil == expectedType, "type of \(label)")
            if ours.sopsType != nil {
                #expect(ours.canonicalPlaintext == plaintexts["k\(i)"], "plaintext of \(label)")
            }
        }
    }

    @Test(PeerTool.needs("sops"), arguments: ResolverPeerTests.refused)
    func sopsRefusesWhatWeFlag(source: String) throws {
        let sops = try PeerTool.require("sops")
        let dir = try TemporaryDirectory("resolver-refused")
        let file = try dir.write("in.yaml", "k: \(source)\n")
        // Run inside the temporary directory: a .sops.yaml further up (this repository has one)
        // would otherwise make sops fail for a reason that has nothing to do with the scalar.
        let result = try Subprocess.run(sops, ["encrypt", "--age", Self.recipient, file.path], currentDirectory: dir.url)
        #expect(result.status != 0, "sops accepted \(source)")
        #expect(!result.err.contains("creation rules"), "sops failed on its config, not on \(source)")
        let scalar = Self.scalar(fromSource: source)
        let flagged: Bool
        switch Result(catching: { () throws(ScalarDecodeError) in try YAMLResolver.decode(scalar) }) {
        case .failure: flagged = true
        case .success(let value): flagged = value.canonicalPlaintext == nil && value != .null
        }
        #expect(flagged, "we would accept \(source)")
    }

    /// Every writer token, as a value and as a key, reads back in sops as the same string.
    @Test(PeerTool.needs("sops")) func writerTokensRoundTripThroughSops() throws {
        let sops = try PeerTool.require("sops")
        let values = trickyStrings.enumerated().map { "k\($0.offset): \(YAMLScalarWriter.string($0.element))" }
        // libyaml caps implicit keys at 1024 characters, so the long string is not a key.
        let keyed = trickyStrings.enumerated().filter { $0.element.count < 1024 }
        let keys = keyed.map { "  \(YAMLScalarWriter.key($0.element)): \"\($0.offset)\"" }
        let yaml = (values + ["keys:"] + keys).joined(separator: "\n") + "\n"
        let dir = try TemporaryDirectory("writer-peer")
        let (types, plaintexts) = try Self.typesAndPlaintexts(sops: sops, yaml: yaml, dir: dir)
        for (i, value) in trickyStrings.enumerated() {
            #expect(types["k\(i)"] ?? nil == (value.isEmpty ? nil : "str"), "type of \(value.debugDescription)")
            #expect(plaintexts["k\(i)"] == value, "value \(value.debugDescription)")
        }
        let decoded = try #require(plaintexts.keys.isEmpty ? nil : Self.lastKeys)
        for (i, key) in keyed { #expect(decoded[key] == "\(i)", "key \(key.debugDescription)") }
    }

    // MARK: - sops plumbing

    /// A top-level value of sops' JSON output: a string, null, or the `keys` mapping.
    enum JSONLeaf: Decodable {
        case string(String), null, map([String: String])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else { self = .map(try c.decode([String: String].self)) }
        }
    }

    nonisolated(unsafe) static var lastKeys: [String: String] = [:]

    /// Encrypts `yaml` with every key encrypted, reads each top-level `type:`, then retypes
    /// all values to str and decrypts to JSON to get the exact plaintext bytes.
    static func typesAndPlaintexts(sops: String, yaml: String, dir: TemporaryDirectory) throws
        -> (types: [String: String?], plaintexts: [String: String])
    {
        let plain = try dir.write("plain.yaml", yaml)
        let enc = try Subprocess.run(
            sops, ["encrypt", "--age", recipient, "--encrypted-regex", ".", plain.path], currentDirectory: dir.url)
        try #require(enc.status == 0, "sops encrypt failed: \(enc.err)")
        var types: [String: String?] = [:]
        for line in enc.out.split(separator: "\n") where line.hasPrefix("k") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            types[String(parts[0])] = value.hasPrefix("ENC[") ? String(value.split(separator: ":").last!.dropLast()) : nil
        }
        let retyped = enc.out.replacingOccurrences(
            of: #"type:(int|float|bool|time)\]"#, with: "type:str]", options: .regularExpression)
        let file = try dir.write("retyped.yaml", retyped)
        let dec = try Subprocess.run(
            sops, ["decrypt", "--output-type", "json", file.path], environment: ["SOPS_AGE_KEY": identity],
            currentDirectory: dir.url)
        try #require(dec.status == 0, "sops decrypt failed: \(dec.err)")
        // JSONDecoder, not JSONSerialization: the latter drops a leading U+FEFF from strings.
        let json = try JSONDecoder().decode([String: JSONLeaf].self, from: dec.stdout)
        if case .map(let keys) = json["keys"] { lastKeys = keys }
        return (types, json.compactMapValues { if case .string(let s) = $0 { s } else { nil } })
    }

    /// The YAML text of a table scalar: `!!x` shorthand for core tags, the style's quoting,
    /// block scalars with strip chomping so the value has no trailing newline.
    static func source(of scalar: YAMLScalar) -> String {
        var tag = ""
        if let t = scalar.tag {
            let long = "tag:yaml.org,2002:"
            tag = (t.hasPrefix(long) ? "!!" + t.dropFirst(long.count) : t) + " "
        }
        let v = scalar.value
        switch scalar.style {
        case .plain: return tag + v
        case .singleQuoted: return tag + "'" + v.replacingOccurrences(of: "'", with: "''") + "'"
        case .doubleQuoted: return tag + "\"" + v + "\""
        case .literal: return tag + "|-\n" + v.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        case .folded: return tag + ">-\n  " + v
        }
    }

    /// A `!!tag text` source line back to a scalar (the refused list only).
    static func scalar(fromSource source: String) -> YAMLScalar {
        guard source.hasPrefix("!!"), let space = source.firstIndex(of: " ") else { return YAMLScalar(source) }
        let tag = "tag:yaml.org,2002:" + source[source.index(source.startIndex, offsetBy: 2)..<space]
        var text = String(source[source.index(after: space)...])
        var style = YAMLScalar.Style.plain
        if text.hasPrefix("\"") {
            text = String(text.dropFirst().dropLast())
            style = .doubleQuoted
        }
        return YAMLScalar(text, style: style, tag: tag)
    }
}
