import CredfileTestSupport
import Foundation
import Testing

/// What a branch author can make credfile print (issue 12): keys, file names and patterns from
/// hostile files reach hooks and CI logs, so output must not carry terminal controls, forge
/// lines or annotations, or grow without bound with the input.
@Suite struct HostileOutputTests {
    /// A valid credential of a type with one field: every other key is one `field.unknown`.
    static let smtpHeader = "name: hostile\ntype: plain\ndescription: d\nhost: h\n"

    func validate(_ text: String, file: String = "hostile", format: String = "human") throws -> Subprocess.Result {
        let ws = try Workspace()
        try ws.write("schemas/plain.yaml", "type: plain\nfields:\n  host: { type: string }\n")
        try ws.write("credentials/\(file).yaml", text)
        return try ws.credfile(["validate", "--format", format], identity: false, timeout: 120)
    }

    /// The control characters a key can carry through YAML's double-quoted escapes: ESC (an
    /// OSC sequence that sets the terminal title), BEL, CR (overwrites the line), backspace,
    /// DEL, the C1 CSI and U+202E (right-to-left override, reorders what is shown).
    static let controls: [(String, String, String)] = [
        ("ESC OSC title", "\\e]0;pwned\\a", "\\u{1B}"),
        ("BEL", "bell\\a", "\\u{7}"),
        ("CR forging a line", "x\\rcredentials/ok.yaml: all good", "\\u{D}"),
        ("backspace", "abc\\b\\b\\bzzz", "\\u{8}"),
        ("DEL", "del\\x7F", "\\u{7F}"),
        ("C1 CSI", "csi\\x9B2J", "\\u{9B}"),
        ("U+202E bidi override", "abc\\u202Etxt.exe", "\\u{202E}"),
    ]

    /// Raw C0/C1 controls other than the line feed, DEL, and bidi overrides.
    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value)
        }
    }

    @Test(arguments: 0..<controls.count)
    func controlCharactersInAKeyAreEscapedForHumans(index: Int) throws {
        let (label, key, shown) = Self.controls[index]
        let result = try validate(Self.smtpHeader + "\"\(key)\": 1\n")
        #expect(result.status == 1, "\(label): \(result.err)")
        #expect(result.err.contains("[field.unknown]"), "\(label): \(result.err)")
        #expect(!Self.hasRawControl(result.err), "\(label): \(result.err.debugDescription)")
        #expect(result.err.contains(shown), "\(label): \(result.err.debugDescription)")
    }

    @Test(arguments: 0..<controls.count)
    func controlCharactersInAKeyAreEscapedInGitHubAnnotations(index: Int) throws {
        let (label, key, _) = Self.controls[index]
        let result = try validate(Self.smtpHeader + "\"\(key)%0A::error::forged\": 1\n", format: "github")
        #expect(result.status == 1, "\(label): \(result.err)")
        #expect(!Self.hasRawControl(result.out), "\(label): \(result.out.debugDescription)")
        let lines = result.out.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") }, "\(label): \(result.out)")
        // The `%` of the key is escaped, so the runner cannot decode it into a line break.
        #expect(result.out.contains("%250A%3A%3Aerror%3A%3Aforged") || result.out.contains("%250A::error::forged"), "\(label): \(result.out)")
    }

    /// A file name is hostile too: it is the location of every diagnostic of its file.
    @Test func controlCharactersInAFileNameAreEscaped() throws {
        let result = try validate("name: x\n", file: "t\u{1B}]0;pwned\u{07}")
        #expect(result.status == 1)
        #expect(!Self.hasRawControl(result.err), "\(result.err.debugDescription)")
        #expect(result.err.contains("t\\u{1B}]0;pwned\\u{7}.yaml"), "\(result.err.debugDescription)")
        let github = try validate("name: x\n", file: "t\u{1B}]0;a,b:c", format: "github")
        #expect(!Self.hasRawControl(github.out), "\(github.out.debugDescription)")
        #expect(github.out.contains("file=credentials/t\\u{1B}]0;a%2Cb%3Ac.yaml"), "\(github.out)")
    }

    /// A key of 20 KB is quoted to 64 characters and `…`, in every format.
    @Test(arguments: ["human", "json", "github"])
    func aLongKeyIsTruncated(format: String) throws {
        let key = "k" + String(repeating: "x", count: 20_000)
        // An explicit key: libyaml refuses a plain one longer than 1,024 characters.
        let result = try validate(Self.smtpHeader + "? \(key)\n: 1\n", format: format)
        #expect(result.status == 1)
        let output = result.err + result.out
        #expect(output.contains("'k" + String(repeating: "x", count: 63) + "…'"), "\(output.prefix(500))")
        #expect(!output.contains(String(repeating: "x", count: 65)))
        #expect(output.utf8.count < 2_000, "\(output.utf8.count) bytes")
    }

    /// 45,000 unknown keys: 100 diagnostics, then one that counts the rest (its own code, so
    /// JSON and GitHub consumers see it too); the exit status still says there were errors.
    @Test(arguments: ["human", "json", "github"])
    func diagnosticsPerFileAreCapped(format: String) throws {
        let keys = (0..<45_000).map { "k\($0): 1\n" }.joined()
        let result = try validate(Self.smtpHeader + keys, format: format)
        #expect(result.status == 1 && !result.signaled)
        let output = format == "human" ? result.err : result.out
        let lines = output.split(separator: "\n")
        let unknown = lines.count { $0.contains("field.unknown") }
        #expect(unknown == 100, "\(unknown) field.unknown lines")
        let truncated = lines.filter { $0.contains("diagnostics.truncated") }
        #expect(truncated.count == 1, "\(output.suffix(600))")
        #expect(truncated.first?.contains("… and 44,900 more in this file") == true, "\(truncated)")
        #expect(output.utf8.count < 100_000, "\(output.utf8.count) bytes")
    }

    /// A file with few diagnostics shows them all, without the count line.
    @Test func fewDiagnosticsAreNotCapped() throws {
        let keys = (0..<100).map { "k\($0): 1\n" }.joined()
        let result = try validate(Self.smtpHeader + keys)
        #expect(result.status == 1)
        #expect(result.err.split(separator: "\n").count { $0.contains("[field.unknown]") } == 100)
        #expect(!result.err.contains("diagnostics.truncated"))
    }
}
