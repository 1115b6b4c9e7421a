import CredfileAge
import CredfileKit
import CredfileTestSupport
import Foundation
import Testing

/// Issue 13's bidirectional differential suite: the real sops 3.11 and credfile on the same
/// generated documents, in both directions.
///
/// - A (sops writes): `sops encrypt` with the document's rule → `credfile decrypt` prints what
///   `sops decrypt` prints, `decrypt --extract` of leaves agrees (output and exit code), then
///   credfile's library sets a top-level key (`DecryptedDocument.updated`, what `credfile set`
///   runs; the CLI's `set` needs a schema'd credential) and `sops decrypt` reads it, MAC OK.
/// - B (credfile writes): `credfile encrypt` with the same rule → every leaf's verdict (`ENC[`
///   or plain) equals sops's for the same plaintext; `sops decrypt` gives the plaintext's values;
///   `sops set` and `sops edit` change a value and `credfile decrypt` reads it (MAC OK).
///
/// Values are compared as PyYAML reads them (an independent parser); a date and sops's
/// midnight-UTC timestamp for it are the same value (sops rewrites unquoted dates, README
/// "Dates"). `decrypt` output is also compared byte for byte and the count printed: the layout
/// differs where go-yaml re-renders a value (README, "Decrypted output layout"); `--extract`
/// output must be byte-equal. Documents avoid the README's deliberate differences: whole-number
/// floats, top-level flow mappings, anchors, and comments between list items (checked on their
/// own by `commentsBetweenListItems`). Everything is generated from a fixed seed; mismatches are
/// collected and reported once. `CREDFILE_DIFF_COUNT=N` runs fewer documents while debugging,
/// `CREDFILE_DIFF_DUMP=DIR` keeps the files.
@Suite(.serialized, .tags(.slow)) struct SopsDocumentDifferentialTests {
    // MARK: The generated documents

    indirect enum Node {
        case scalar(String)          // a YAML token, as written
        case block([String])         // a `|` literal block of lines
        case map([(String, Node)])
        case list([Node])
    }

    enum RuleChoice: CustomStringConvertible {
        case none
        case encryptedRegex(String)
        case unencryptedRegex(String)
        case encryptedSuffix(String)
        case unencryptedSuffix(String)

        var description: String {
            switch self {
            case .none: "default"
            case .encryptedRegex(let p): "encrypted_regex \(p)"
            case .unencryptedRegex(let p): "unencrypted_regex \(p)"
            case .encryptedSuffix(let p): "encrypted_suffix \(p)"
            case .unencryptedSuffix(let p): "unencrypted_suffix \(p)"
            }
        }

        var sopsFlags: [String] {
            switch self {
            case .none: []
            case .encryptedRegex(let p): ["--encrypted-regex", p]
            case .unencryptedRegex(let p): ["--unencrypted-regex", p]
            case .encryptedSuffix(let p): ["--encrypted-suffix", p]
            case .unencryptedSuffix(let p): ["--unencrypted-suffix", p]
            }
        }

        var configLine: String? {
            switch self {
            case .none: nil
            case .encryptedRegex(let p): "encrypted_regex: '\(p)'"
            case .unencryptedRegex(let p): "unencrypted_regex: '\(p)'"
            case .encryptedSuffix(let p): "encrypted_suffix: '\(p)'"
            case .unencryptedSuffix(let p): "unencrypted_suffix: '\(p)'"
            }
        }
    }

    struct Document {
        var index: Int
        var text: String
        var rule: RuleChoice
        var macOnly: Bool
        /// Leaves to extract with both tools (`["a"][0]["b"]`), one of them maybe missing.
        var extracts: [String]
        /// A top-level key whose value is a plain scalar (or a new key), for the set checks.
        var setKey: String
    }

    struct DocumentGenerator {
        var random: SplitMix64
        init(seed: UInt64) { random = SplitMix64(seed: seed) }

        mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

        static let keyStems = [
            "host", "port", "user", "password", "token", "api_key", "secret", "db", "name", "ratio", "enabled",
            "expires", "notes", "caf\u{E9}", "\u{65E5}\u{672C}", "\u{43F}\u{430}\u{440}\u{43E}\u{43B}\u{44C}", "\u{1F511}key",
            "stra\u{DF}e", "count", "items", "servers", "region", "id", "x", "nested",
        ]
        static let keySuffixes = ["", "", "", "", "_unencrypted", "_enc", "_plain", "_secret"]

        mutating func key(_ used: inout Set<String>) -> String {
            while true {
                let k = pick(Self.keyStems) + pick(Self.keySuffixes) + (chance(20) ? String(below(10)) : "")
                if used.insert(k).inserted { return k }
            }
        }

        static let plainStrings = [
            "hello world", "smtp.example.org", "na\u{EF}ve \u{2713}", "\u{65E5}\u{672C}\u{8A9E}", "a:b", "x y z", "-dash",
            "tok-123456789", "\u{1F511} emoji", "trailing.", "ENC-looking", "path/to/thing",
        ]

        mutating func scalar() -> Node {
            switch below(20) {
            case 0...4: return .scalar(pick(Self.plainStrings))
            case 5: return .scalar("\"say \\\"hi\\\" \\u00e9\"")
            case 6: return .scalar("'it''s quoted'")
            case 7: return .scalar(pick(["\"123\"", "'true'", "\"null\"", "\"1.5\"", "\"2030-01-01\"", "''"]))
            case 8: return .block((0..<(1 + below(3))).map { _ in pick(Self.plainStrings) })
            case 9: return .scalar(pick(["0", "42", "-17", "9223372036854775807", "-9223372036854775808", "1000000"]))
            case 10: return .scalar(String(Int64(bitPattern: random.next()) >> Int64(below(60))))
            case 11: return .scalar(pick(["3.25", "-0.125", "0.001", "12345.678", "-2.5e-07", "6.02e+23", "0.1"]))
            case 12: return .scalar(pick(["true", "false", "True", "FALSE"]))
            case 13: return .scalar(pick(["null", "~"]))
            case 14: return .scalar(pick(["2030-01-01", "1999-12-31", "2030-01-01T10:20:30Z"]))
            default: return .scalar("v\(below(100_000))")
            }
        }

        mutating func node(depth: Int) -> Node {
            guard depth < 3 else { return scalar() }
            switch below(10) {
            case 0, 1: return mapping(depth: depth + 1, count: 1 + below(4))
            case 2:
                let count = 1 + below(3)
                if chance(50) { return .list((0..<count).map { _ in scalar() }) }
                return .list((0..<count).map { _ in mapping(depth: depth + 1, count: 1 + below(3)) })
            default: return scalar()
            }
        }

        mutating func mapping(depth: Int, count: Int) -> Node {
            var used = Set<String>()
            return .map((0..<count).map { _ in (key(&used), node(depth: depth)) })
        }

        mutating func document(_ index: Int) -> Document {
            var used: Set<String> = ["marker"]
            var entries: [(String, Node)] = [("marker", .scalar("m\(index)"))]
            for _ in 0..<(2 + below(6)) { entries.append((key(&used), node(depth: 0))) }
            entries.shuffle(using: &random)
            var text = chance(30) ? "# document \(index)\n" : ""
            for (k, v) in entries { render(k, v, indent: "", into: &text) }
            let keys = entries.map(\.0)
            let rule: RuleChoice
            switch below(6) {
            case 0: rule = .none
            case 1, 2:
                let chosen = (0..<(1 + below(3))).map { _ in pick(keys + ["password", "token", "secret"]) }
                rule = .encryptedRegex(pick(["^(\(chosen.joined(separator: "|")))$", "pass|tok", "^(api_key|db)$", "_secret$"]))
            case 3: rule = .unencryptedRegex(pick(["^(host|port|marker)$", "^\(keys[0])$", "name|user"]))
            case 4: rule = .encryptedSuffix(pick(["_enc", "_secret", "word"]))
            default: rule = .unencryptedSuffix(pick(["_plain", "_unencrypted", "er"]))
            }
            var extracts = leafPaths(entries, prefix: "").shuffled(using: &random).prefix(2).map { $0 }
            if chance(20) { extracts.append("[\"no_such_key\"]") }
            let scalarKeys = entries.filter { if case .scalar = $0.1 { return $0.0 != "marker" } else { return false } }.map(\.0)
            let setKey = scalarKeys.isEmpty || chance(25) ? "added_key" : pick(scalarKeys)
            return Document(index: index, text: text, rule: rule, macOnly: chance(15), extracts: extracts, setKey: setKey)
        }

        func leafPaths(_ entries: [(String, Node)], prefix: String) -> [String] {
            entries.flatMap { (k, v) in paths(v, prefix + "[\"\(k)\"]") }
        }

        func paths(_ node: Node, _ prefix: String) -> [String] {
            switch node {
            case .scalar, .block: [prefix]
            case .map(let entries): leafPaths(entries, prefix: prefix)
            case .list(let items): items.enumerated().flatMap { paths($0.element, prefix + "[\($0.offset)]") }
            }
        }

        /// `listHead`: the first key of a list item's mapping (`- key: …`). It gets no comment
        /// before it or after its scalar: sops 3.11 reads such a comment as an item of the list
        /// (README, "A comment between list items"), tested on its own in
        /// `commentsBetweenListItems`.
        mutating func render(_ key: String, _ value: Node, indent: String, listHead: Bool = false, into text: inout String) {
            if chance(8) && !listHead { text += indent + "# about \(key)\n" }
            let k = chance(20) ? "\"\(key)\"" : key
            switch value {
            case .scalar(let token): text += indent + k + ": " + token + (chance(5) && !listHead ? " # trailing" : "") + "\n"
            case .block(let lines): text += indent + k + ": |\n" + lines.map { indent + "  " + $0 + "\n" }.joined()
            case .map(let entries):
                text += indent + k + ":\n"
                for (ck, cv) in entries { render(ck, cv, indent: indent + "  ", into: &text) }
            case .list(let items):
                text += indent + k + ":\n"
                for item in items {
                    switch item {
                    case .map(let entries):
                        var first = true
                        for (ck, cv) in entries {
                            var sub = ""
                            render(ck, cv, indent: indent + "    ", listHead: first, into: &sub)
                            if first {
                                // `  - key: …` : replace the first line's indentation with the dash.
                                var lines = sub.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                                lines[0] = indent + "  - " + lines[0].dropFirst(indent.count + 4)
                                sub = lines.joined(separator: "\n")
                                first = false
                            }
                            text += sub
                        }
                    case .scalar(let token): text += indent + "  - " + token + "\n"
                    default: text += indent + "  - x\n"
                    }
                }
            }
        }
    }

    // MARK: Reading files with PyYAML

    /// Per file: each leaf's path and normalized value (`ENC` for a sops ciphertext), or an error.
    static let flattenScript = #"""
        import sys, json, yaml, datetime
        def norm(v):
            if isinstance(v, str):
                return "ENC" if v.startswith("ENC[AES256_GCM,") else "str:" + v
            if isinstance(v, bool): return "bool:" + str(v)
            if isinstance(v, int): return "int:" + str(v)
            if isinstance(v, float): return "float:" + repr(v)
            if v is None: return "null"
            if isinstance(v, datetime.datetime):
                u = v if v.tzinfo is None else v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
                if u.time() == datetime.time(0): return "date:" + u.date().isoformat()
                return "time:" + u.isoformat()
            if isinstance(v, datetime.date): return "date:" + v.isoformat()
            return "other:" + repr(v)
        def walk(v, p, out):
            if isinstance(v, dict):
                for k, c in v.items():
                    if p == "" and k == "sops": continue
                    walk(c, p + json.dumps([k], ensure_ascii=False)[1:-1].join("[]"), out)
            elif isinstance(v, list):
                for i, c in enumerate(v): walk(c, p + "[%d]" % i, out)
            else:
                out.append([p, norm(v)])
        result = []
        for name in json.load(sys.stdin):
            try:
                out = []
                with open(name, encoding="utf-8") as f: walk(yaml.safe_load(f), "", out)
                result.append(out)
            except Exception as e:
                result.append("error: " + type(e).__name__ + ": " + str(e).splitlines()[0])
        print(json.dumps(result))
        """#

    enum Flat: Equatable { case leaves([[String]]), error(String) }

    static func flatten(_ files: [URL]) throws -> [Flat] {
        let python = try PeerTool.require("python3")
        let input = try JSONEncoder().encode(files.map(\.path))
        let result = try Subprocess.run(python, ["-c", flattenScript], stdin: input, timeout: 300)
        guard result.status == 0 else { throw Workspace.Failure("python: \(result.err)") }
        let decoded = try JSONSerialization.jsonObject(with: result.stdout) as? [Any] ?? []
        return decoded.map { item in
            if let s = item as? String { return .error(s) }
            return .leaves((item as? [[String]]) ?? [])
        }
    }

    // MARK: Running

    final class Problems: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var list: [String] = []
        private(set) var counters: [String: Int] = [:]
        private(set) var failed: Set<Int> = []
        /// A step that leaves nothing to compare afterwards.
        func fail(_ doc: Int, _ text: String) { add(doc, text); lock.withLock { _ = failed.insert(doc) } }
        func add(_ doc: Int, _ text: String) { lock.withLock { list.append("doc \(doc): \(text)") } }
        func count(_ name: String) { lock.withLock { counters[name, default: 0] += 1 } }
    }

    static let documentCount = 320

    /// `"value"` as sops set takes it: a JSON string.
    static func json(_ s: String) -> String { "\"" + s + "\"" }

    @Test(PeerTool.needs("sops", "python3"))
    func sopsAndCredfileAgreeBothWays() throws {
        let started = Date()
        let ws = try Workspace()
        let sops = try PeerTool.require("sops")
        _ = try PeerTool.require("python3")
        let identities = try AgeKeyFile.parseIdentities(try String(contentsOf: ws.identityFile, encoding: .utf8))
        var generator = DocumentGenerator(seed: 1313)
        let count = ProcessInfo.processInfo.environment["CREDFILE_DIFF_COUNT"].flatMap(Int.init) ?? Self.documentCount
        let documents = (0..<count).map { generator.document($0) }
        let dir = ws.dir.url, identity = ws.identityFile.path, recipient = ws.recipient
        let file: @Sendable (String) -> URL = { dir.appendingPathComponent($0) }
        let problems = Problems()
        for doc in documents {
            try ws.write("p\(doc.index).yaml", doc.text)
            var config = "creation_rules:\n  - age: \(recipient)\n"
            if let line = doc.rule.configLine { config += "    \(line)\n" }
            if doc.macOnly { config += "    mac_only_encrypted: true\n" }
            try ws.write("rule\(doc.index).yaml", config)
        }
        let env = ["SOPS_AGE_KEY_FILE": identity]
        let runSops: @Sendable ([String], [String: String]) throws -> Subprocess.Result = { args, extra in
            try Subprocess.run(sops, args, environment: env.merging(extra) { $1 }, currentDirectory: dir, timeout: 120)
        }
        let credfile: @Sendable ([String]) throws -> Subprocess.Result = { args in
            try CLI.run(args, in: dir, environment: env, timeout: 120)
        }
        let editor = try ws.write("editor.sh", "#!/bin/sh\nsed -i 's/^marker: .*/marker: edited-by-sops/' \"$1\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)

        let editorPath = editor.path
        SopsRuleDifferentialTests.parallel(documents.count, workers: 4) { i in
            let doc = documents[i]
            let n = doc.index
            let tag = "[\(doc.rule)\(doc.macOnly ? " mac_only" : "")]"
            do {
                // A: sops writes.
                // sops 3.11 has no --mac-only-encrypted flag: such documents go through a config
                // file (sops's global --config), the rest through the rule's flag.
                let enc = try runSops(
                    doc.macOnly
                        ? ["--config", "rule\(n).yaml", "encrypt", "p\(n).yaml"]
                        : ["encrypt", "--age", recipient] + doc.rule.sopsFlags + ["p\(n).yaml"], [:])
                guard enc.status == 0 else { return problems.fail(n, "\(tag) sops encrypt exit \(enc.status): \(enc.err)") }
                try enc.stdout.write(to: file("a\(n).yaml"))
                let sd = try runSops(["decrypt", "a\(n).yaml"], [:])
                let cd = try credfile(["decrypt", "a\(n).yaml"])
                try sd.stdout.write(to: file("a\(n).sops.txt"))
                try cd.stdout.write(to: file("a\(n).credfile.txt"))
                if sd.status != 0 || cd.status != 0 {
                    problems.add(n, "\(tag) A decrypt exit: sops \(sd.status), credfile \(cd.status): \(cd.err)")
                } else if sd.stdout == cd.stdout {
                    problems.count("A decrypt byte-equal")
                } else {
                    problems.count("A decrypt differs in bytes")
                }
                for path in doc.extracts {
                    let se = try runSops(["decrypt", "--extract", path, "a\(n).yaml"], [:])
                    let ce = try credfile(["decrypt", "--extract", path, "a\(n).yaml"])
                    problems.count("A extract")
                    if se.status != ce.status {
                        problems.add(n, "\(tag) A --extract \(path): exit sops \(se.status), credfile \(ce.status)")
                    } else if se.stdout != ce.stdout {
                        problems.add(n, "\(tag) A --extract \(path): output sops \(se.out.debugDescription), credfile \(ce.out.debugDescription)")
                    }
                }
                // A: credfile's library sets a top-level key on sops's file; sops reads it.
                let decrypted = try SOPSDocument(bytes: Array(enc.stdout), path: "a\(n).yaml").decrypt(identities: identities)
                let updated = try decrypted.updated([.set(path: [doc.setKey], value: .string("set-by-credfile-\(n)"))])
                try Data(updated).write(to: file("a\(n).set.yaml"))
                let check = try runSops(["decrypt", "--extract", "[\"\(doc.setKey)\"]", "a\(n).set.yaml"], [:])
                if check.status != 0 || check.out != "set-by-credfile-\(n)" {
                    problems.add(n, "\(tag) A library set \(doc.setKey): sops exit \(check.status) \(check.out.debugDescription) \(check.err)")
                }

                // B: credfile writes.
                problems.count("A documents through decrypt, extract and set")
                try FileManager.default.copyItem(at: file("p\(n).yaml"), to: file("b\(n).yaml"))
                let ce = try credfile(["encrypt", "--age", recipient, "--config", "rule\(n).yaml", "b\(n).yaml"])
                guard ce.status == 0 else { return problems.fail(n, "\(tag) credfile encrypt exit \(ce.status): \(ce.err)") }
                let bsd = try runSops(["decrypt", "b\(n).yaml"], [:])
                try bsd.stdout.write(to: file("b\(n).sops.txt"))
                if bsd.status != 0 { problems.add(n, "\(tag) B sops decrypt exit \(bsd.status): \(bsd.err)") }
                try FileManager.default.copyItem(at: file("b\(n).yaml"), to: file("b\(n).set.yaml"))
                let value = "set-by-sops-\(n)"
                let sset = try runSops(["set", "b\(n).set.yaml", "[\"\(doc.setKey)\"]", Self.json(value)], [:])
                if sset.status != 0 {
                    problems.add(n, "\(tag) B sops set exit \(sset.status): \(sset.err)")
                } else {
                    let read = try credfile(["decrypt", "--extract", "[\"\(doc.setKey)\"]", "b\(n).set.yaml"])
                    if read.status != 0 || read.out != value {
                        problems.add(n, "\(tag) B credfile after sops set: exit \(read.status) \(read.out.debugDescription) \(read.err)")
                    }
                }
                try FileManager.default.copyItem(at: file("b\(n).yaml"), to: file("b\(n).edit.yaml"))
                let sedit = try runSops(["edit", "b\(n).edit.yaml"], ["EDITOR": editorPath])
                if sedit.status != 0 {
                    problems.add(n, "\(tag) B sops edit exit \(sedit.status): \(sedit.err)")
                } else {
                    let read = try credfile(["decrypt", "--extract", "[\"marker\"]", "b\(n).edit.yaml"])
                    if read.status != 0 || read.out != "edited-by-sops" {
                        problems.add(n, "\(tag) B credfile after sops edit: exit \(read.status) \(read.out.debugDescription) \(read.err)")
                    }
                    problems.count("B documents through sops set and edit")
                }
            } catch {
                problems.fail(n, "\(tag) harness: \(error)")
            }
        }

        // Values and verdicts, read by PyYAML in one batch.
        let kinds = ["p", "a", "a.sops.txt", "a.credfile.txt", "b", "b.sops.txt"]
        let names = documents.flatMap { d in kinds.map { k in k.contains(".") ? k.replacingOccurrences(of: "a.", with: "a\(d.index).").replacingOccurrences(of: "b.", with: "b\(d.index).") : "\(k)\(d.index).yaml" } }
        let existing = names.map(file).map { FileManager.default.fileExists(atPath: $0.path) ? $0 : file("missing") }
        let flats = try Self.flatten(existing)
        for (d, doc) in documents.enumerated() {
            if problems.failed.contains(doc.index) { continue }
            let f = Array(flats[(d * kinds.count)..<((d + 1) * kinds.count)])
            let tag = "[\(doc.rule)\(doc.macOnly ? " mac_only" : "")]"
            guard case .leaves(let plain) = f[0] else { problems.add(doc.index, "plaintext unreadable by PyYAML: \(f[0])"); continue }
            let plainPaths = plain.map { $0[0] }
            // The decrypted outputs: same values as the plaintext.
            for (k, label) in [(2, "A sops decrypt"), (3, "A credfile decrypt"), (5, "B sops decrypt")] {
                guard case .leaves(let got) = f[k] else { problems.add(doc.index, "\(tag) \(label): \(f[k])"); continue }
                if got != plain {
                    let diff = zip(plain, got).filter { $0 != $1 }.prefix(3).map { "\($0.0[0]): \($0.0[1]) vs \($0.1[1])" }
                    problems.add(doc.index, "\(tag) \(label) values differ from the plaintext (\(plain.count) vs \(got.count) leaves) \(diff)")
                }
            }
            // Verdicts: which leaves each tool encrypted.
            guard case .leaves(let sopsEnc) = f[1], case .leaves(let credEnc) = f[4] else { continue }
            let verdict = { (leaves: [[String]]) in leaves.map { $0[1] == "ENC" ? "ENC" : "plain" } }
            if sopsEnc.map({ $0[0] }) != plainPaths || credEnc.map({ $0[0] }) != plainPaths {
                problems.add(doc.index, "\(tag) encrypted files' leaf paths differ from the plaintext's")
            } else if verdict(sopsEnc) != verdict(credEnc) {
                let diff = plainPaths.indices.filter { verdict(sopsEnc)[$0] != verdict(credEnc)[$0] }
                    .map { "\(plainPaths[$0]) sops \(verdict(sopsEnc)[$0]), credfile \(verdict(credEnc)[$0])" }
                problems.add(doc.index, "\(tag) verdicts differ: \(diff)")
            }
            problems.count("leaves compared", by: plain.count)
        }

        if let dump = ProcessInfo.processInfo.environment["CREDFILE_DIFF_DUMP"] {
            try? FileManager.default.removeItem(atPath: dump)
            try FileManager.default.copyItem(at: dir, to: URL(fileURLWithPath: dump))
        }
        let seconds = Int(Date().timeIntervalSince(started))
        print("SopsDocumentDifferentialTests: \(documents.count) documents, \(seconds) s, \(problems.counters.sorted { $0.key < $1.key })")
        if count == Self.documentCount {
            #expect(problems.counters["A documents through decrypt, extract and set", default: 0] >= 300)
            #expect(problems.counters["B documents through sops set and edit", default: 0] >= 300)
        }
        #expect(problems.list.isEmpty, "\(problems.list.count) disagreements:\n\(problems.list.sorted().joined(separator: "\n"))")
    }
}

extension SopsDocumentDifferentialTests {
    /// Found by this suite: sops 3.11 keeps a comment between list items (or after an item's
    /// first scalar) as an item of the list. Its `--extract` indices count the comment
    /// (`["l"][0]` prints `value: ' first'`; stepping into one panics, exit 2) and its default
    /// rule writes it as an `ENC[…type:comment]` item. credfile's indices count values only
    /// (README, "A comment between list items"); both read the same values.
    @Test(PeerTool.needs("sops"))
    func commentsBetweenListItems() throws {
        let ws = try Workspace()
        try ws.write("l.yaml", "l:\n  # first\n  - a\n  - b # trailing\n  - c\nm:\n  # head\n  - k: v\n")
        let enc = try ws.sops(["encrypt", "--age", ws.recipient, "l.yaml"])
        #expect(enc.status == 0, "sops encrypt: \(enc.err)")
        try ws.write("l.yaml", enc.out)
        #expect(enc.out.components(separatedBy: "type:comment]").count - 1 == 3, "sops writes the comments as list items")
        for (index, value) in ["a", "b", "c"].enumerated() {
            let ours = try ws.credfile(["decrypt", "--extract", "[\"l\"][\(index)]", "l.yaml"])
            #expect(ours.status == 0 && ours.out == value, "credfile [\(index)]: \(ours.out) \(ours.err)")
        }
        #expect(try ws.credfile(["decrypt", "--extract", "[\"m\"][0][\"k\"]", "l.yaml"]).out == "v")
        // sops: the comments are items 0 and 2 of `l`, values 1, 3, 4; into `m[0]` (a comment) it panics.
        #expect(try ws.sops(["decrypt", "--extract", "[\"l\"][0]", "l.yaml"]).out == "value: ' first'\n")
        #expect(try ws.sops(["decrypt", "--extract", "[\"l\"][1]", "l.yaml"]).out == "a")
        #expect(try ws.sops(["decrypt", "--extract", "[\"l\"][4]", "l.yaml"]).out == "c")
        #expect(try ws.sops(["decrypt", "--extract", "[\"m\"][0][\"k\"]", "l.yaml"]).status == 2)
        // The whole file: the same text from both.
        let sops = try ws.sops(["decrypt", "l.yaml"]), ours = try ws.credfile(["decrypt", "l.yaml"])
        #expect(sops.status == 0 && ours.status == 0 && sops.out == ours.out, "sops:\n\(sops.out)\ncredfile:\n\(ours.out)")
    }
}

extension SopsDocumentDifferentialTests.Problems {
    func count(_ name: String, by n: Int) { for _ in 0..<n { count(name) } }
}
