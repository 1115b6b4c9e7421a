import CredfileTestSupport
import Foundation
import Testing

@testable import CredfileKit

/// The corpus read back by the real consumer where one runs here, else by the model of its
/// parser (npm dotenv, docker, compose: the packages cannot be installed in this sandbox).
@Suite struct ExportConsumerTests {
    @Test(PeerTool.needs("bash"), arguments: ["bash", "dash"])
    func shellSourcedByRealShells(shell: String) throws {
        let path = try PeerTool.require(shell)
        let (variables, output) = try ExportHarness.acceptedOutput(.shell)
        // The script sources the export file, then prints each variable NUL-terminated.
        let printer = "printf '%s\\0'" + variables.map { " \"$\($0.name)\"" }.joined()
        let result = try ExportHarness.run(path, ["-c", ". \"$1\"; \(printer)", shell], on: output.text)
        var fields = result.stdout.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        fields.removeLast()
        ExportHarness.expectSame(Dictionary(uniqueKeysWithValues: zip(variables.map(\.name), fields)), variables, shell)
    }

    @Test(PeerTool.needs("python3"))
    func dotenvReadByPythonDotenv() throws {
        let python = try PeerTool.require("python3")
        let (variables, output) = try ExportHarness.acceptedOutput(.dotenv)
        // Both ways python-dotenv is used: a path (universal newlines) and a stream.
        let script = """
            import io, json, sys
            from dotenv import dotenv_values
            by_path = dotenv_values(sys.argv[1])
            by_stream = dotenv_values(stream=io.StringIO(open(sys.argv[1], newline='').read()))
            print(json.dumps([by_path, by_stream]))
            """
        let result = try ExportHarness.run(python, ["-c", script], on: output.text)
        let read = try JSONDecoder().decode([[String: String]].self, from: result.stdout)
        ExportHarness.expectSame(read[0], variables, "python-dotenv (path)")
        ExportHarness.expectSame(read[1], variables, "python-dotenv (stream)")
    }

    @Test(arguments: [ExportFormat.dotenvNode, .docker, .compose, .systemd, .gitlab])
    func readBackByTheParserModel(format: ExportFormat) throws {
        let (variables, output) = try ExportHarness.acceptedOutput(format)
        let read: [EnvPair]? = switch format {
        case .dotenvNode: DotenvNodeEncoder.parse(output.text)
        case .docker: DockerEnvFileEncoder.parse(output.text)
        case .compose: ComposeEncoder.parse(output.text)
        case .systemd: SystemdEncoder.parse(output.text)
        default: GitLabDotenvEncoder.parse(output.text)
        }
        ExportHarness.expectSame(ExportHarness.pairs(read), variables, format.rawValue)
    }

    /// GitLab's own pattern, run by a regex engine rather than the hand-written model.
    @Test func gitlabReadByItsRegex() throws {
        let (variables, output) = try ExportHarness.acceptedOutput(.gitlab)
        // Ruby's `.` stops only at LF, which the line split already removed.
        let regex = try NSRegularExpression(pattern: "^(.*?)=(.*)$", options: .dotMatchesLineSeparators)
        var read: [String: String] = [:]
        for line in output.text.split(separator: "\n") {
            let line = String(line), ns = line as NSString
            let match = try #require(regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)))
            let strip: (String) -> String = { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\u{0B}\u{0C}\r\0")) }
            read[strip(ns.substring(with: match.range(at: 1)))] = strip(ns.substring(with: match.range(at: 2)))
        }
        ExportHarness.expectSame(read, variables, "GitLab's pattern")
    }

    @Test func jsonReadByJSONSerialization() throws {
        let (variables, output) = try ExportHarness.acceptedOutput(.json)
        let object = try JSONSerialization.jsonObject(with: Data(output.text.utf8))
        ExportHarness.expectSame(try #require(object as? [String: String]), variables, "JSONSerialization")
    }

    @Test(PeerTool.needs("python3"))
    func yamlReadByPyYAML() throws {
        let python = try PeerTool.require("python3")
        let (variables, output) = try ExportHarness.acceptedOutput(.yaml)
        let script = "import json, sys, yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))"
        let result = try ExportHarness.run(python, ["-c", script], on: output.text)
        ExportHarness.expectSame(try JSONDecoder().decode([String: String].self, from: result.stdout), variables, "PyYAML")
    }

    @Test(PeerTool.needs("python3"))
    func k8sReadByPyYAML() throws {
        let python = try PeerTool.require("python3")
        var variables = ExportCorpus.accepted(by: .k8s)
        for i in variables.indices where i % 2 == 1 { variables[i].credential = "second.example" }
        var options = ExportOptions()
        options.namespace = "deploy"
        let output = try Exporter.encode(variables, as: .k8s, options: options)
        let script = """
            import base64, json, sys, yaml
            docs = list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')))
            out = []
            for d in docs:
                assert d['apiVersion'] == 'v1' and d['kind'] == 'Secret' and d['type'] == 'Opaque'
                data = {k: base64.b64decode(v, validate=True).decode('utf-8') for k, v in d['data'].items()}
                out.append([d['metadata']['name'], d['metadata']['namespace'], data])
            print(json.dumps(out))
            """
        let result = try ExportHarness.run(python, ["-c", script], on: output.text)
        let docs = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[Any]])
        #expect(docs.map { $0[0] as? String } == ["corpus", "second.example"])
        #expect(docs.allSatisfy { $0[1] as? String == "deploy" })
        var read: [String: String] = [:]
        for doc in docs { read.merge(doc[2] as? [String: String] ?? [:]) { a, _ in a } }
        ExportHarness.expectSame(read, variables, "PyYAML + base64")
    }
}
