import CredfileTestSupport
import Foundation
import Testing

@testable import CredfileKit

/// dotenv-node, docker and compose output read back by readers that share nothing with the
/// exporter (issue 19): the encoders verify themselves against parser models that live next to
/// them, and the golden files were recorded from the same code, so a wrong model would pass
/// both. Here npm dotenv's rules run in node's own regex engine, and docker's and compose's
/// are written from their published rules (docker/cli `pkg/kvfile`'s file-format comment;
/// compose-go `dotenv/parser.go`), not from the encoders.
@Suite struct ExportIndependentReaderTests {
    // MARK: npm dotenv, in node

    /// npm dotenv 17's `parse`, written for this test from its documented rules: line breaks
    /// normalised to LF; each match of its published `LINE` pattern gives a key and a raw
    /// value; the value is trimmed, loses one pair of matching surrounding quotes, and when it
    /// was double-quoted has `\n` and `\r` expanded; a later key wins.
    static let dotenvNodeReader = #"""
        const fs = require('fs')
        const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg
        const text = fs.readFileSync(process.argv[1], 'utf8').replace(/\r\n?/mg, '\n')
        const read = {}
        for (let m = LINE.exec(text); m !== null; m = LINE.exec(text)) {
          let value = (m[2] || '').trim()
          const opening = value[0]
          value = value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')
          if (opening === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r')
          read[m[1]] = value
        }
        process.stdout.write(JSON.stringify(read))
        """#

    static func readWithNode(_ text: String) throws -> [String: String] {
        let node = try PeerTool.require("node")
        let result = try ExportHarness.run(node, ["-e", dotenvNodeReader], on: text)
        return try JSONDecoder().decode([String: String].self, from: result.stdout)
    }

    @Test(PeerTool.needs("node")) func dotenvNodeCorpusReadByNode() throws {
        let (variables, output) = try ExportHarness.acceptedOutput(.dotenvNode)
        ExportHarness.expectSame(try Self.readWithNode(output.text), variables, "dotenv rules in node")
    }

    @Test(PeerTool.needs("node")) func dotenvNodeGoldenReadByNode() throws {
        let read = try Self.readWithNode(try Self.golden(.dotenvNode))
        #expect(read == Self.goldenValues(.dotenvNode))
    }

    // MARK: docker --env-file

    @Test(arguments: DockerRules.allCases)
    func dockerCorpusReadByKVFileRules(rules: DockerRules) throws {
        let (variables, output) = try ExportHarness.acceptedOutput(.docker)
        ExportHarness.expectSame(try Self.readDocker(output.text, rules), variables, "docker/cli kvfile (\(rules))")
    }

    @Test(arguments: DockerRules.allCases)
    func dockerGoldenReadByKVFileRules(rules: DockerRules) throws {
        #expect(try Self.readDocker(try Self.golden(.docker), rules) == Self.goldenValues(.docker))
    }

    /// Values with the same quote at both ends: newer docker/cli removes the quotes, older
    /// releases keep them, and no escape exists. Exported only where every release reads the
    /// value back; refused otherwise.
    @Test(arguments: ["'quoted'", "\"quoted\"", "''", "\"\"", "'", "\"", "'mixed\"", "\"a\" and \"b\""])
    func dockerQuotesAtBothEndsReadTheSameEverywhere(value: String) throws {
        let variable = ExportVariable(name: "V", value: value, sensitive: true, credential: "c", field: "f")
        let output: ExportOutput
        do {
            output = try Exporter.encode([variable], as: .docker, options: ExportCorpusTests.allowSensitive)
        } catch let error as CredfileError {
            #expect(error.kind == .cannotExport)
            return
        }
        for rules in DockerRules.allCases {
            #expect(try Self.readDocker(output.text, rules) == ["V": value], "\(rules)")
        }
    }

    /// docker/cli `pkg/kvfile`, as its package comment states the format: lines (Go's
    /// `bufio.ScanLines`: split at LF, one CR before it dropped, at most 64 KiB); a UTF-8 BOM
    /// dropped from the first; leading white space (Unicode) removed; empty and `#` lines
    /// ignored; `KEY=VALUE` split at the first `=`, a key with a space or tab or an empty key
    /// an error; the value as-is — or, in newer releases, without one pair of the same quote
    /// (`'` or `"`) at both ends.
    enum DockerRules: CaseIterable, CustomStringConvertible {
        case valueAsIs, quotesTrimmed
        var description: String { self == .valueAsIs ? "value as-is (docker/cli 28)" : "matching quotes removed (later)" }
    }

    static func readDocker(_ text: String, _ rules: DockerRules) throws -> [String: String] {
        var read: [String: String] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        for (number, raw) in lines.enumerated() {
            guard raw.utf8.count < 64 * 1024 else { throw Unreadable("line \(number + 1) longer than bufio's 64 KiB") }
            var line = raw.unicodeScalars[...]
            if line.last == "\r" { line = line.dropLast() }
            if number == 0, line.first == "\u{FEFF}" { line = line.dropFirst() }
            line = line.drop { $0.properties.isWhitespace }
            if line.isEmpty || line.first == "#" { continue }
            guard let equals = line.firstIndex(of: "=") else { throw Unreadable("line \(number + 1) has no '='") }
            let key = line[..<equals]
            guard !key.isEmpty, !key.contains(" "), !key.contains("\t") else { throw Unreadable("bad key on line \(number + 1)") }
            var value = line[line.index(after: equals)...]
            if rules == .quotesTrimmed, value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
                value = value.dropFirst().dropLast()
            }
            read[String(String.UnicodeScalarView(key))] = String(String.UnicodeScalarView(value))
        }
        return read
    }

    // MARK: docker compose env_file

    @Test func composeCorpusReadByComposeGoRules() throws {
        let (variables, output) = try ExportHarness.acceptedOutput(.compose)
        ExportHarness.expectSame(try Self.readCompose(output.text), variables, "compose-go dotenv rules")
    }

    @Test func composeGoldenReadByComposeGoRules() throws {
        #expect(try Self.readCompose(try Self.golden(.compose)) == Self.goldenValues(.compose))
    }

    /// compose-go's `dotenv` parser (v2), from its rules: a UTF-8 BOM dropped; statements
    /// start after white space; `#` starts a comment line; an optional `export `; the key runs
    /// to `=` or `:` (letters, digits, `_ . - [ ]`, no space); white space after the separator
    /// skipped. A value opening with `'` or `"` runs to the first unescaped matching quote, a
    /// backslash before that quote escaping it and every other backslash kept; a `"…"` value
    /// then has Go's escapes (`\n \t \\ \" …`, `\$` meaning a literal `$`) expanded and is
    /// interpolated. An unquoted value runs to the line's end, cut at ` #`, trimmed on the
    /// right, and is interpolated. Interpolation of anything but `$$` depends on the
    /// environment: such a value cannot be read back, and is an error here.
    static func readCompose(_ text: String) throws -> [String: String] {
        var s = Array(text.unicodeScalars)[...]
        if s.first == "\u{FEFF}" { s = s.dropFirst() }
        var read: [String: String] = [:]
        while true {
            s = s.drop { $0.properties.isWhitespace }
            guard let first = s.first else { return read }
            if first == "#" {
                s = s.drop { $0 != "\n" }
                continue
            }
            if s.starts(with: "export".unicodeScalars), s.count > 6, Self.isComposeSpace(s[s.startIndex + 6]) {
                s = s.dropFirst(6).drop(while: Self.isComposeSpace)
            }
            guard let separator = s.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == "\n" }), s[separator] != "\n" else {
                throw Unreadable("a key without a value")
            }
            let key = String(String.UnicodeScalarView(s[..<separator])).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-[]".unicodeScalars.contains($0) })
            else { throw Unreadable("bad key") }
            s = s[(separator + 1)...].drop(while: Self.isComposeSpace)
            guard let opening = s.first, opening == "'" || opening == "\"" else {
                let end = s.firstIndex(of: "\n") ?? s.endIndex
                var value = String(String.UnicodeScalarView(s[..<end]))
                if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
                value = String(String.UnicodeScalarView(value.unicodeScalars.reversed().drop { $0.properties.isWhitespace }.reversed()))
                read[key] = try Self.interpolated(value)
                s = s[end...]
                continue
            }
            var body = String.UnicodeScalarView(), escaped = false, close: Int?
            for i in (s.startIndex + 1)..<s.endIndex {
                let c = s[i]
                if c == opening, !escaped { close = i; break }
                if c == "\\", !escaped { escaped = true; continue }
                if escaped, c != opening { body.append("\\") }
                escaped = false
                body.append(c)
            }
            guard let close else { throw Unreadable("an unterminated quoted value") }
            read[key] = opening == "'" ? String(body) : try Self.interpolated(Self.goEscapesExpanded(String(body)))
            s = s[(close + 1)...]
        }
    }

    /// compose-go's white space inside a statement: not a line break.
    static func isComposeSpace(_ c: Unicode.Scalar) -> Bool {
        ["\t", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}"].contains(c)
    }

    /// `\a \b \f \n \r \t \v \" \\` as Go's `strconv.UnquoteChar` reads them, `\$` as `$$`
    /// (a literal dollar after interpolation), octal `\0…`; any other backslash is kept.
    static func goEscapesExpanded(_ text: String) -> String {
        let simple: [Unicode.Scalar: String] = [
            "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}", "\"": "\"", "\\": "\\", "$": "$$",
        ]
        var out = "", scalars = Array(text.unicodeScalars), i = 0
        while i < scalars.count {
            if scalars[i] == "\\", i + 1 < scalars.count {
                if let replacement = simple[scalars[i + 1]] {
                    out += replacement
                    i += 2
                    continue
                }
                if scalars[i + 1] == "0" {
                    var j = i + 2, digits = ""
                    while j < scalars.count, j < i + 5, ("0"..."7").contains(scalars[j]) { digits.unicodeScalars.append(scalars[j]); j += 1 }
                    if let code = UInt32(digits.isEmpty ? "0" : digits, radix: 8), let scalar = Unicode.Scalar(code) {
                        out.unicodeScalars.append(scalar)
                        i = j
                        continue
                    }
                }
            }
            out.unicodeScalars.append(scalars[i])
            i += 1
        }
        return out
    }

    /// `$$` is a literal `$`; any other `$` reads the environment.
    static func interpolated(_ text: String) throws -> String {
        var out = String.UnicodeScalarView(), scalars = Array(text.unicodeScalars), i = 0
        while i < scalars.count {
            if scalars[i] == "$" {
                guard i + 1 < scalars.count, scalars[i + 1] == "$" else { throw Unreadable("a '$' that compose interpolates") }
                i += 1
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    // MARK: Shared

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The recorded golden output of `format` (ExportGoldenTests).
    static func golden(_ format: ExportFormat) throws -> String {
        String(decoding: try Fixture("export").bytes("\(format.rawValue).txt"), as: UTF8.self)
    }

    /// The values the golden output was made from.
    static func goldenValues(_ format: ExportFormat) -> [String: String] {
        let variables = ExportGoldenTests.variables.filter { format != .docker || $0.field != "note" }
        return Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.value) })
    }
}
