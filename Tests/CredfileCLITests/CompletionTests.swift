import CredfileTestSupport
import Foundation
import Testing

/// Shell completion of credential names, types and fields (issue 17): through the generated
/// bash script itself, and through the `---completion` entry point every shell's script calls.
@Suite struct CompletionTests {
    static let canary = "Canary-Completion-Secret-8086"

    /// Two credentials of two types, a type of the repository's own, and a file that is not a
    /// credential name.
    static func workspace() throws -> Workspace {
        let ws = try Workspace.initialised()
        try ws.new("smtp-prod", type: "smtp", ["host=smtp.example.com", "username=u", "password=\(canary)"])
        try ws.new("graph-inbox", type: "msgraph", [
            "tenant_id=0b5f5a2e-3c1d-4e8a-9b7c-1d2e3f4a5b6c", "client_id=7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "client_secret=\(canary)",
        ])
        _ = try ws.write(
            "schemas/webhook.yaml",
            """
            type: webhook
            fields:
              endpoint: { type: url }
              signing_key: { type: string, sensitive: true }
            """)
        _ = try ws.write("credentials/notes.txt", "not a credential\n")
        return ws
    }

    /// `credfile ---completion SUBCOMMAND -- ARGUMENT INDEX CURSOR WORDS…`, the call the
    /// generated scripts make, without any identity in reach.
    static func complete(_ ws: Workspace, _ path: [String], _ argument: String, words: [String]) throws -> [String] {
        let index = words.count - 1
        let args = ["---completion"] + path + ["--", argument, String(index), String(words[index].count)] + words
        let result = try ws.credfile(args, identity: false)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.isEmpty, "\(result.err)")
        #expect(!result.out.contains("Canary") && !result.out.contains("8086"))
        return result.out.split(separator: "\n").map(String.init)
    }

    @Test func namesAreTheCredentialFiles() throws {
        let ws = try Self.workspace()
        for command in ["show", "get", "set", "edit", "unset", "rm", "export", "rotate"] {
            let got = try Self.complete(ws, [command], "positional@0", words: ["credfile", command, ""])
            #expect(got == ["graph-inbox", "smtp-prod"], "\(command)")
        }
    }

    @Test func typesAreTheSchemasInEffect() throws {
        let ws = try Self.workspace()
        let expected = ["generic", "msgraph", "smtp", "webhook"]
        #expect(try Self.complete(ws, ["new"], "--type", words: ["credfile", "new", "x", "--type", ""]) == expected)
        #expect(try Self.complete(ws, ["schema", "show"], "positional@0", words: ["credfile", "schema", "show", ""]) == expected)
    }

    @Test func fieldsAreThoseOfTheNamedCredentialsType() throws {
        let ws = try Self.workspace()
        let smtp = try Self.complete(ws, ["get"], "positional@1", words: ["credfile", "get", "smtp-prod", ""])
        #expect(smtp.contains("host") && smtp.contains("password") && !smtp.contains("client_secret"), "\(smtp)")
        let graph = try Self.complete(ws, ["unset"], "positional@1", words: ["credfile", "unset", "graph-inbox", "tenant_id", ""])
        #expect(graph.contains("client_secret") && !graph.contains("host"), "\(graph)")
        // An option before the name, and --prompt's field after it.
        let prompted = try Self.complete(ws, ["set"], "--prompt", words: ["credfile", "set", "-i", "k.txt", "smtp-prod", "--prompt", ""])
        #expect(prompted == smtp)
        // An unknown name, or none yet, completes nothing rather than failing.
        #expect(try Self.complete(ws, ["get"], "positional@1", words: ["credfile", "get", "missing", ""]).isEmpty)
    }

    @Test func globalDirectoryOptionIsHonoured() throws {
        let ws = try Self.workspace()
        let outside = try TemporaryDirectory()
        let args = ["---completion", "show", "--", "positional@0", "4", "0", "credfile", "-C", ws.dir.url.path, "show", ""]
        let result = try CLI.run(args, in: outside.url)
        #expect(result.out.split(separator: "\n") == ["graph-inbox", "smtp-prod"], "\(result.out) \(result.err)")
    }

    /// The generated bash script, sourced in a real bash with `credfile` on PATH, completes the
    /// way a user's TAB would.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "no bash"))
    func generatedBashScriptCompletesFromTheRepository() throws {
        let ws = try Self.workspace()
        let script = try ws.credfile(["--generate-completion-script", "bash"], identity: false)
        try #require(script.status == 0)
        let file = try ws.write("completion.bash", script.out)
        func tab(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let line = words.joined(separator: " ")
            let program = """
                source '\(file.path)'
                COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
                COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                _credfile credfile '\(words.last!)' '\(words[words.count - 2])'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let binDir = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
            let result = try Subprocess.run(
                "/bin/bash", ["--norc", "-c", program], environment: ["PATH": "\(binDir):/usr/bin:/bin"],
                currentDirectory: ws.dir.url, timeout: 120)
            #expect(result.status == 0, "\(result.err)")
            return result.out.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try tab(["credfile", "show", ""]) == ["graph-inbox", "smtp-prod"])
        #expect(try tab(["credfile", "show", "sm"]) == ["smtp-prod"])
        #expect(try tab(["credfile", "new", "x", "--type", ""]) == ["generic", "msgraph", "smtp", "webhook"])
        let fields = try tab(["credfile", "get", "graph-inbox", ""])
        #expect(fields.contains("tenant_id") && fields.contains("client_secret"), "\(fields)")
    }
}
