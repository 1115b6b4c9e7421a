import CredfileTestSupport
import Foundation
import Testing

@testable import credfile

/// Hints under the pre-commit framework name the running binary when no other credfile is on
/// PATH (the framework's `language: swift` build is on the hook's PATH only), issue 17.
@Suite struct SelfCommandTests {
    static let realBinary = URL(fileURLWithPath: CLI.binary).resolvingSymlinksInPath().path

    static func hint(environment: [String: String]) throws -> String {
        let ws = try Workspace.initialised()
        let run = try CLI.run(["show", "missing"], in: ws.dir.url, environment: environment)
        #expect(run.status != 0)
        return run.err.split(separator: "\n").first { $0.hasPrefix("hint:") }.map(String.init) ?? run.err
    }

    @Test func frameworkHookWithoutCredfileOnPathNamesTheBinary() throws {
        // The framework's PATH: the hook's own build directory first, then the system's.
        let binDir = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let hint = try Self.hint(environment: ["PRE_COMMIT": "1", "PATH": "\(binDir):/usr/bin:/bin"])
        #expect(hint == "hint: see '\(Self.realBinary) list'", "\(hint)")
    }

    @Test func anotherCredfileOnPathOrNoFrameworkKeepsTheName() throws {
        let other = try TemporaryDirectory()
        let fake = other.url.appendingPathComponent("credfile")
        try FileManager.default.copyItem(atPath: "/bin/true", toPath: fake.path)
        let binDir = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        #expect(try Self.hint(environment: ["PRE_COMMIT": "1", "PATH": "\(binDir):\(other.url.path):/usr/bin:/bin"])
            == "hint: see 'credfile list'")
        #expect(try Self.hint(environment: ["PATH": "/usr/bin:/bin"]) == "hint: see 'credfile list'")
    }

    @Test func onlySuggestedCommandsAreRewritten() {
        let rewrite = { (text: String) in SelfCommand.rewrite(text, invocation: "/opt/x y/credfile") }
        #expect(rewrite("resolve: credfile set relay FIELD=VALUE, then git add p") == "resolve: /opt/x y/credfile set relay FIELD=VALUE, then git add p")
        #expect(rewrite("see 'credfile list'") == "see '/opt/x y/credfile list'")
        #expect(rewrite("credfile -C infra validate") == "/opt/x y/credfile -C infra validate")
        #expect(rewrite("credfile never follows links") == "credfile never follows links")
        #expect(rewrite("run 'scredfile set x'") == "run 'scredfile set x'")
        #expect(SelfCommand.quoted("/usr/local/bin/credfile") == "/usr/local/bin/credfile")
        #expect(SelfCommand.quoted("/home/o'neil/bin/credfile") == "'/home/o'\\''neil/bin/credfile'")
    }
}
