import Testing
@testable import CredfileYAML

/// The test vector of sops-format.md §2.3 (written by sops 3.11.0): a `#ENC[…]` comment, a
/// nested mapping, a sequence, a literal block `enc: |` and a double-quoted `lastmodified`.
let sopsEncryptedFile = #"""
#ENC[AES256_GCM,data:EjA0DCIhr4UAqZYi,iv:mqwDdy4IYbC0aHsggdbFr1utW6mfcyzLUfEconmFc8g=,tag:wxYXBsFNMzfcL2tzHmhJ5Q==,type:comment]
db:
    user: ENC[AES256_GCM,data:tpjULik=,iv:gnAeQH9A/cakr5YDa4Xlu5fcg/yWml8f3kOwvPTI1+A=,tag:P+Px6+PGmZV5JXE7Ls0AFA==,type:str]
    password: ENC[AES256_GCM,data:kncwVdku0Q==,iv:gmgflpoJP6272MGLhYfWzRVk9Ci7rCm1kqT9BztdqwY=,tag:wcNd7YihC1Fae/SaPvubPw==,type:str]
ports:
    - ENC[AES256_GCM,data:Dp0=,iv:zfiActMPOpFHBIpzYDVlKZeG31drlqEBBP3NFxyUvKo=,tag:YLmpWrY4LvJ0J6cSfSJLpQ==,type:int]
    - ENC[AES256_GCM,data:+0c2,iv:vkz15WeH2KEKs+cQqaz8JA3ll3Jot3dFx0E69RFnoZk=,tag:Y11bPl+MFpb0c1AenjoAdA==,type:int]
ratio: ENC[AES256_GCM,data:DhQx,iv:oN/jJaneaoqLi66yOctbfoqX9hCB5IhrpMf8C+VTgW0=,tag:5SomVHS25RtQvoaPAS0mJA==,type:float]
debug_unencrypted: true
sops:
    age:
        - recipient: age1z6hysrdywydqcd2etadgnhe9pga0h6mpmj0scwz3mka7nd48humqwrg66u
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBVOTlYWmViMU8rU1IvVkZM
            Qk9KeHgxUkUwc2xwbUhDWDg2SnREQVRIWFIwClI4OUZDSzl0bXMzVXFNMVBvTVJE
            ZlNQeS9FK2RQVUVkV2g0bUtMbFdyQXMKLS0tIGoxU2FmdW5XYitsd2dGZllYd1pC
            SGR5UldGb0pENlovaHh2djVaKzJMUDAKbPFtTnNg5jBZXuHTAuJUGPWWDm5ILx3h
            ZD6VyJMqKn5PLlgkUScy7A7+3m/jfkG/AiQTfyckrGcD+AUD4whNDA==
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2026-11-22T08:22:59Z"
    mac: ENC[AES256_GCM,data:H2rqdPU0gQJqOQqgzUEpUg+HXhjlAtAsACR3th/0tk1+5t2eO6AZTmAzRWqpiUtBInIe4G6BWUDGPzvuM37Zfs2J/jgdHBp5ehgOG8Stpc58o57xRpb8xuwEthmHc9o7SrA3zoZs8pFCWauH6L8Q6HWvWxPLveeVL3T1ohWBWws=,iv:5BlQ4em69FKV8VHs59olPSwn1fGG+v4FFCodyvZ4Aew=,tag:W8TTmBytQzLx4cRmaW8W5w==,type:str]
    unencrypted_suffix: _unencrypted
    version: 3.11.0

"""#

/// A hand-made file exercising every style, with multi-byte text before and inside values.
let representativeFile = #"""
# comment é
名前: 日本語の値 😀
"quoted key": "double \"q\" \u00e9 😀"
'single': 'it''s 日本'
plain multi: first line
  second línea
nested:
  é: 1.5
  list:
    - plain item
    - "日本"
    - k: v
      k2: |
        block 😀
          more
    - [a, "b", {c: d}]
  literal keep: |+
    kept

  folded: >-
    folded
    text 😀


  tagged: !!str 123
  empty:
flow: {x: 1, y: [2, '3'], z: "é"}
last: >
  end

"""#

/// Every node of a document with its depth, in document order.
func allNodes(_ node: YAMLNode) -> [YAMLNode] {
    var result: [YAMLNode] = []
    var pending = [node]
    while let next = pending.popLast() {
        result.append(next)
        switch next.content {
        case .scalar: break
        case .mapping(let entries): pending.append(contentsOf: entries.reversed().map(\.value))
        case .sequence(let items): pending.append(contentsOf: items.reversed())
        }
    }
    return result
}

/// Every mapping entry of a document.
func allEntries(_ node: YAMLNode) -> [YAMLMappingEntry] {
    allNodes(node).flatMap { $0.mapping ?? [] }
}

@Suite struct SopsFileTests {
    private let document: YAMLDocument

    init() throws {
        document = try YAMLLoader.load(Array(sopsEncryptedFile.utf8))
    }

    @Test func loadsTopLevelKeysInOrder() {
        #expect(document.root.mapping?.map(\.key) == ["db", "ports", "ratio", "debug_unencrypted", "sops"])
        // The comment on line 1 is invisible to libyaml; `db` starts line 2.
        #expect(document.root.range.start == SourcePosition(offset: 129, line: 2, column: 1))
        #expect(document.root.mapping?.first?.keyRange.start.line == 2)
    }

    @Test func scalarRanges() throws {
        let user = try #require(document.root["db"]?["user"])
        #expect(slice(document, user.range).hasPrefix("ENC[AES256_GCM,data:tpjULik=,"))
        #expect(slice(document, user.range).hasSuffix("type:str]"))
        #expect(user.range.start == SourcePosition(offset: 143, line: 3, column: 11))
        let lastModified = try #require(document.root["sops"]?["lastmodified"])
        #expect(slice(document, lastModified.range) == "\"2026-11-22T08:22:59Z\"")
        #expect(lastModified.scalar == YAMLScalar("2026-11-22T08:22:59Z", style: .doubleQuoted))
        #expect(document.root["debug_unencrypted"]?.scalar?.value == "true")
    }

    @Test func literalBlockRange() throws {
        let recipient = try #require(document.root["sops"]?["age"]?.sequence?.first)
        let enc = try #require(recipient["enc"])
        #expect(enc.scalar?.style == .literal)
        #expect(enc.scalar?.value.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl") == true)
        #expect(enc.scalar?.value.hasSuffix("==\n-----END AGE ENCRYPTED FILE-----\n") == true)
        let text = slice(document, enc.range)
        #expect(text.hasPrefix("|\n            -----BEGIN AGE ENCRYPTED FILE-----\n"))
        #expect(text.hasSuffix("\n            -----END AGE ENCRYPTED FILE-----"))
        // The mapping item ends with `enc`, so the item ends where the block does.
        #expect(recipient.range.end == enc.range.end)
        #expect(slice(document, recipient.range).hasPrefix("recipient: age1z6hy"))
    }

    @Test func sequenceRange() throws {
        let ports = try #require(document.root["ports"])
        let text = slice(document, ports.range)
        #expect(text.hasPrefix("- ENC[AES256_GCM,data:Dp0="))
        #expect(text.hasSuffix("type:int]"))
        #expect(text.split(separator: "\n").count == 2)
    }

    @Test func leafPathsFollowTheSopsAADRule() {
        var paths: [String] = []
        document.forEachLeaf { path, _ in paths.append(path.joined(separator: ":") + ":") }
        #expect(paths == [
            "db:user:", "db:password:", "ports:", "ports:", "ratio:", "debug_unencrypted:",
            "sops:age:recipient:", "sops:age:enc:", "sops:lastmodified:", "sops:mac:",
            "sops:unencrypted_suffix:", "sops:version:",
        ])
    }

    @Test(arguments: [sopsEncryptedFile, representativeFile])
    func everyScalarReparsesAloneToTheSameValue(file: String) throws {
        let document = try YAMLLoader.load(Array(file.utf8))
        var keys = allEntries(document.root).map { ($0.key, $0.keyRange) }
        for node in allNodes(document.root) {
            if let scalar = node.scalar { keys.append((Self.valueWithinRange(scalar, node.range, document), node.range)) }
        }
        #expect(keys.count > 20)
        for (value, range) in keys {
            // Block scalars end before their line break; give the re-parse one back.
            let reparsed = try YAMLLoader.load(Array(("k: " + slice(document, range) + "\n").utf8))
            #expect(reparsed.root["k"]?.scalar?.value == value, "\(range)")
        }
    }

    /// The value that the range alone carries: a keep-chomped block scalar (`|+`, `>+`) keeps
    /// its trailing blank lines in the value, but by design they are outside its range.
    private static func valueWithinRange(_ scalar: YAMLScalar, _ range: SourceRange, _ document: YAMLDocument) -> String {
        let header = slice(document, range).prefix { $0 != "\n" }
        guard scalar.style == .literal || scalar.style == .folded, header.contains("+") else { return scalar.value }
        var value = scalar.value
        while value.hasSuffix("\n\n") { value.removeLast() }
        return value
    }

    @Test(arguments: [sopsEncryptedFile, representativeFile])
    func keyColumnIsTheIndentationOfItsLine(file: String) throws {
        let document = try YAMLLoader.load(Array(file.utf8))
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
        for entry in allEntries(document.root) where !document.source[entry.value.range.byteRange].isEmpty {
            let line = lines[entry.keyRange.start.line - 1]
            // A compact mapping in a sequence item (`- k: v`) is indented by the `- ` too.
            guard !line.hasPrefix("flow:"), !line.contains(": {"), !line.contains("- [") else { continue }
            let indentation = line.prefix { $0 == " " || $0 == "-" }.count
            #expect(entry.keyRange.start.column - 1 == indentation, "\(entry.key)")
        }
    }

    @Test(arguments: [sopsEncryptedFile, representativeFile])
    func noRangeEndsWithALineBreakOrLeavesTheSource(file: String) throws {
        let document = try YAMLLoader.load(Array(file.utf8))
        let ranges = allNodes(document.root).map(\.range) + allEntries(document.root).map(\.keyRange)
        for range in ranges {
            #expect(range.start.offset <= range.end.offset && range.end.offset <= document.source.count)
            if range.end.offset > 0 {
                #expect(document.source[range.end.offset - 1] != 0x0A, "\(range)")
            }
            // Positions agree with the offsets they carry.
            #expect(SourceMap.approximatePosition(ofByte: range.start.offset, in: document.source) == range.start)
            #expect(SourceMap.approximatePosition(ofByte: range.end.offset, in: document.source) == range.end)
        }
    }
}
