import Foundation
import CredfileTestSupport
import Testing

@testable import CredfileKit

/// The refusals every format shares, the per-target name rules, and the parser models pinned
/// to the behaviour measured with the real consumers (export-formats.md).
@Suite struct ExportRuleTests {
    static func variable(_ name: String, _ value: String = "v", sensitive: Bool = false, credential: String = "app")
        -> ExportVariable
    {
        ExportVariable(name: name, value: value, sensitive: sensitive, credential: credential, field: "f")
    }

    static func refusal(_ variables: [ExportVariable], _ format: ExportFormat, _ options: ExportOptions = ExportOptions())
        -> CredfileError?
    {
        do {
            _ = try Exporter.encode(variables, as: format, options: options)
            return nil
        } catch { return error as? CredfileError }
    }

    @Test(arguments: ExportFormat.allCases)
    func invalidNamesNULAndDuplicatesAreRefusedEverywhere(format: ExportFormat) {
        for name in ["", "1A", "A-B", "A=B", "A B", "ÄB", "A\u{0}"] {
            #expect(Self.refusal([Self.variable(name)], format)?.kind == .cannotExport, "name \(String(reflecting: name))")
        }
        let nul = Self.refusal([Self.variable("TOKEN", "se\u{0}cret")], format)
        #expect(nul?.message == "TOKEN contains a NUL character, which an environment variable cannot carry")
        let twice = Self.refusal([Self.variable("A"), Self.variable("A", "w")], format)
        #expect(twice?.message.hasPrefix("A is exported twice") == true)
    }

    @Test func githubRefusesReservedNames() {
        for name in ["GITHUB_TOKEN", "RUNNER_TEMP", "NODE_OPTIONS", "github_path"] {
            #expect(Self.refusal([Self.variable(name)], .github)?.message.contains(name) == true)
        }
        #expect(Self.refusal([Self.variable("MY_GITHUB_TOKEN")], .github) == nil)
    }

    @Test func githubDelimiterIsRedrawnWhenInTheValue() throws {
        // The first draw of this generator, written into the value, must not be used.
        var probe = ExportGoldenTests.seededRandom()
        let first = try Exporter.encode([Self.variable("A")], as: .github, options: ExportOptions(), random: &probe)
        let delimiter = try #require(first.githubEnv?.split(separator: "\n").last)
        var random = ExportGoldenTests.seededRandom()
        let output = try Exporter.encode(
            [Self.variable("A", "x\n\(delimiter)\ny")], as: .github, options: ExportOptions(), random: &random)
        #expect(output.githubEnv?.hasPrefix("A<<\(delimiter)\n") == false)
        #expect(GitHubEnvEncoder.parse(output.githubEnv ?? "") == [EnvPair(name: "A", value: "x\n\(delimiter)\ny")])
    }

    @Test func gitlabRefusesSensitiveFieldsUnlessAllowed() throws {
        let secret = Self.variable("DB_PASSWORD", "hunter22", sensitive: true)
        let error = try #require(Self.refusal([secret], .gitlab))
        #expect(error.message == "DB_PASSWORD is sensitive, and a GitLab dotenv report is a downloadable artifact")
        var options = ExportOptions()
        options.allowSensitive = true
        #expect(Self.refusal([secret], .gitlab, options) == nil)
    }

    @Test func gitlabReportIsAtMost5KiB() {
        let big = (0..<6).map { Self.variable("V\($0)", String(repeating: "x", count: 1000)) }
        #expect(Self.refusal(Array(big.prefix(5)), .gitlab) == nil)
        #expect(Self.refusal(big, .gitlab)?.message.hasPrefix("V5 does not fit") == true)
    }

    @Test func kubernetesNamesAreChecked() {
        #expect(Self.refusal([Self.variable("A", credential: "Smtp_Prod")], .k8s)?.message.contains("Smtp_Prod") == true)
        #expect(Self.refusal([Self.variable("A", credential: "a..b")], .k8s) != nil)
        var options = ExportOptions()
        options.namespace = "Bad_NS"
        #expect(Self.refusal([Self.variable("A")], .k8s, options)?.kind == .usage)
        // A name like `true` stays a string because it is quoted.
        #expect(Self.refusal([Self.variable("ON", credential: "true")], .k8s) == nil)
    }

    @Test func refusalMessagesReadAsSpecified() {
        #expect(Self.refusal([Self.variable("SMTP_PROD_PASSWORD", "a\nb")], .docker)?.message
            == "SMTP_PROD_PASSWORD contains a newline, which docker --env-file cannot carry")
        #expect(Self.refusal([Self.variable("K", "x${HOME}")], .dotenv)?.message
            == "K contains '${', which python-dotenv (it interpolates in every quote style) cannot carry")
    }

    /// Measured with npm dotenv 17.4.2 (export-formats.md): the model must agree.
    @Test func npmDotenvModelMatchesMeasurements() {
        let cases: [(String, String)] = [
            (#"K="a\"b""#, #"a\"b"#), (#"K='it\'s'"#, #"it\'s"#), ("K=a#b", "a"), ("K='a' #b'", "a"),
            ("K='a\r\nb'", "a\nb"), (#"K="a\nb\rc""#, "a\nb\rc"), ("K='it's'", "it's"), ("K=`x`", "x"),
            ("K=  spaced  ", "spaced"), ("export K: 'v'", "v"),
        ]
        for (line, value) in cases {
            #expect(DotenvNodeEncoder.parse(line) == [EnvPair(name: "K", value: value)], "\(line)")
        }
    }

    /// Measured with python-dotenv 1.2.x and read in its source.
    @Test func pythonDotenvModelMatchesMeasurements() {
        #expect(DotenvPythonEncoder.parse(#"K="a\qb""# + "\n") == [EnvPair(name: "K", value: #"a\qb"#)])
        #expect(DotenvPythonEncoder.parse(#"K="x${HOME}y""# + "\n") == nil)
        // `\\"` does not close the value while a later quote exists.
        #expect(DotenvPythonEncoder.parse("K=\"a\\\\\"\nL=\"b\"\n") == nil)
    }

    /// The systemd 252 table of export-formats.md.
    @Test func systemdModelMatchesMeasurements() {
        let cases: [(String, String?)] = [
            (#"A='it'\''s'"#, "it''s'"), ("A=unquoted # x", "unquoted # x"),
            (#"A="double \"q\" back\\slash tick\` dollar\$ keep\x""#, #"double "q" back\slash tick` dollar$ keep\x"#),
            (#"A='a'"b"c"#, "abc"), ("export A=x", nil), ("A=trail\\\ncont", "trailcont"), ("A=mid'quote'", "mid'quote'"),
        ]
        for (line, value) in cases {
            #expect(SystemdEncoder.parse(line + "\n") == value.map { [EnvPair(name: "A", value: $0)] } ?? [], "\(line)")
        }
    }

    /// docker/cli `parseKeyValueFile`: verbatim values, comment lines, no `=` means "from env".
    @Test func dockerModelMatchesItsSource() {
        #expect(DockerEnvFileEncoder.parse("  # c\n\nK= \"q\" # c\r\n") == [EnvPair(name: "K", value: #" "q" # c"#)])
        #expect(DockerEnvFileEncoder.parse("K\n") == nil)
        #expect(DockerEnvFileEncoder.parse("A B=c\n") == nil)
    }
}
