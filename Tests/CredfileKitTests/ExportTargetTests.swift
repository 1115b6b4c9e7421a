import CredfileTestSupport
import Foundation
import Testing

@testable import CredfileKit

/// GitHub's file command and add-mask lines, and systemd's real env-file parser.
@Suite struct ExportTargetTests {
    /// The runner's `SetEnvFileCommand` loop, written independently of the encoder's model:
    /// an index walks the text line by line (LF only, as on Linux runners).
    static func runnerParse(_ text: String) throws -> [(String, String)] {
        let s = Array(text.unicodeScalars)
        var index = 0
        func readLine() -> String? {
            guard index < s.count else { return nil }
            let end = s[index...].firstIndex(of: "\n") ?? s.count
            defer { index = min(end + 1, s.count + 1) }
            return String(String.UnicodeScalarView(s[index..<end]))
        }
        var out: [(String, String)] = []
        while let line = readLine() {
            if line.isEmpty { continue }
            let eq = line.firstRange(of: "="), heredoc = line.firstRange(of: "<<")
            if let eq, heredoc == nil || eq.lowerBound < heredoc!.lowerBound {
                out.append((String(line[..<eq.lowerBound]), String(line[eq.upperBound...])))
                continue
            }
            let split = try #require(heredoc)
            let name = String(line[..<split.lowerBound]), delimiter = String(line[split.upperBound...])
            try #require(!name.isEmpty && !delimiter.isEmpty)
            let start = index
            var end = index
            while true {
                let lineStart = index
                let value = try #require(readLine(), "matching delimiter not found")
                if value == delimiter { break }
                end = lineStart + value.unicodeScalars.count
            }
            out.append((name, String(String.UnicodeScalarView(s[start..<max(start, end)]))))
        }
        return out
    }

    @Test func githubEnvReadByTheRunnersRules() throws {
        var variables = ExportCorpus.accepted(by: .github)
        variables[0].sensitive = false
        let output = try Exporter.encode(variables, as: .github)
        let env = try #require(output.githubEnv)
        let read = try Self.runnerParse(env)
        #expect(read.map(\.0) == variables.map(\.name))
        ExportHarness.expectSame(Dictionary(read, uniquingKeysWith: { a, _ in a }), variables, "the runner")
        // One fresh delimiter per value, of @actions/core's shape, never inside the value.
        let headers = env.split(separator: "\n").filter { $0.hasPrefix("V") && $0.contains("<<ghadelimiter_") }
        let delimiters = headers.map { String($0[$0.firstRange(of: "<<")!.upperBound...]) }
        #expect(delimiters.count == variables.count && Set(delimiters).count == delimiters.count)
        #expect(delimiters.allSatisfy { $0.wholeMatch(of: /ghadelimiter_[0-9a-f]{32}/) != nil })
    }

    @Test func githubMasksEveryValueAndEveryLine() throws {
        var variables = ExportCorpus.accepted(by: .github)
        variables[0].sensitive = false  // "it's": not masked
        let output = try Exporter.encode(variables, as: .github)
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.hasPrefix("::add-mask::") && !$0.contains("\r") })
        let masked = Set(lines.map { Self.unescape(String($0.dropFirst("::add-mask::".count))) })
        for variable in variables.dropFirst() where !variable.value.allSatisfy(\.isWhitespace) {
            #expect(masked.contains(variable.value), "value of \(variable.name) not masked")
            for line in variable.value.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            where !line.allSatisfy(\.isWhitespace) {
                #expect(masked.contains(String(line)), "a line of \(variable.name) not masked")
            }
        }
        #expect(!masked.contains(variables[0].value))
        #expect(!masked.contains { $0.allSatisfy(\.isWhitespace) })
        #expect(GitHubEnvEncoder.escapeData("a%0A\r\nb") == "a%250A%0D%0Ab")
    }

    /// `%25`, `%0D`, `%0A` decoded left to right, as the runner's command parser does.
    static func unescape(_ data: String) -> String {
        data.replacing(/%(25|0D|0A)/) { match in
            switch match.1 { case "25": "%"; case "0D": "\r"; default: "\n" }
        }
    }

    static let generator = "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"

    /// systemd's own env-file parser (`parse_env_file_internal`, shared by `EnvironmentFile=`)
    /// through the environment.d generator. The generator also expands `$` and drops empty
    /// values, so those are left to the model; it prints values shell-quoted, decoded here.
    @Test(.enabled(if: PeerTool.isCI || FileManager.default.isExecutableFile(atPath: generator), "systemd's environment.d generator not found; install it with apt-get install systemd (or scripts/install-peers); under CI=true this is a failure"))
    func systemdReadBySystemdsParser() throws {
        // A peer tool like any other: under CI=true its absence fails the test.
        try #require(FileManager.default.isExecutableFile(atPath: Self.generator), "systemd's environment.d generator is missing (Debian package systemd)")
        let variables = ExportCorpus.accepted(by: .systemd).filter { !$0.value.contains("$") && !$0.value.isEmpty }
        let output = try Exporter.encode(variables, as: .systemd)
        let home = try TemporaryDirectory("credfile-systemd")
        try home.write("environment.d/50-credfile.conf", output.text)
        let result = try Subprocess.run(
            Self.generator, [], environment: ["XDG_CONFIG_HOME": home.url.path, "HOME": home.url.path],
            replaceEnvironment: true)
        #expect(result.status == 0 && result.err.isEmpty, "\(result.err)")
        var read: [String: String] = [:]
        for line in result.out.split(separator: "\n") where line.hasPrefix("V") {
            let eq = line.firstIndex(of: "=")!
            read[String(line[..<eq])] = Self.shellUnquote(line[line.index(after: eq)...])
        }
        ExportHarness.expectSame(read, variables, "systemd")
    }

    /// Reverses systemd's `shell_maybe_quote`: `"…"` with `\` before `" \ ` $` and C escapes
    /// (`\n`, `\t`, octal `\ooo`) for control characters.
    static func shellUnquote(_ text: Substring) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return String(text) }
        let s = Array(text.utf8.dropFirst().dropLast())
        var bytes: [UInt8] = []
        var i = 0
        while i < s.count {
            guard s[i] == UInt8(ascii: "\\"), i + 1 < s.count else { bytes.append(s[i]); i += 1; continue }
            let c = s[i + 1]
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13, UInt8(ascii: "a"): 7,
                UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "v"): 11,
            ]
            if let mapped = simple[c] {
                bytes.append(mapped); i += 2
            } else if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "7"), i + 3 < s.count {
                bytes.append(UInt8(s[(i + 1)...(i + 3)].reduce(0) { $0 * 8 + Int($1 - 48) })); i += 4
            } else if c == UInt8(ascii: "x"), i + 3 < s.count, let n = UInt8(String(decoding: s[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                bytes.append(n); i += 4
            } else {
                bytes.append(c); i += 2
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
