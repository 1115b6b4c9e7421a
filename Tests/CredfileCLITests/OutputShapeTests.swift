import CredfileTestSupport
import Foundation
import Testing

/// Issue 16 items 11 and 13, through the binary: every writing command says what it did in one
/// line (standard output), `--quiet` silences it; usage errors in credfile's one error shape;
/// "did you mean"; a bad recipient named; a shared hint said once; one JSON style.
@Suite struct OutputShapeTests {
    /// A writing command, and the one line it prints. `$R2` is a second recipient; `$ROOT` the
    /// workspace's real path.
    struct Step: CustomStringConvertible {
        var args: [String]
        var line: String
        var environment: [String: String] = [:]
        var description: String { args.prefix(2).joined(separator: " ") }
    }

    static let plainCredential = """
        name: plain
        type: generic
        description: Plain
        token: abcdefghij

        """

    /// The writing commands in an order that works on one repository (each needs the previous).
    static func steps(_ ws: Workspace, second: String, editor: String) -> [Step] {
        [
            Step(args: ["new", "mail", "--type", "smtp", "--description", "Mail", "host=h.example.com"], line: "created credentials/mail.yaml"),
            Step(args: ["set", "mail", "port=587", "tls=true"], line: "updated credentials/mail.yaml (set port, tls)"),
            Step(args: ["unset", "mail", "tls"], line: "updated credentials/mail.yaml (removed tls)"),
            Step(args: ["edit", "mail"], line: "updated credentials/mail.yaml", environment: ["EDITOR": editor, "VISUAL": editor]),
            Step(args: ["encrypt", "credentials/plain.yaml"], line: "encrypted credentials/plain.yaml"),
            Step(args: ["rotate", "mail"], line: "rotated credentials/mail.yaml"),
            Step(args: ["recipients", "add", second, "mail"], line: "re-wrapped credentials/mail.yaml"),
            Step(args: ["recipients", "rm", second, "mail"], line: "re-wrapped credentials/mail.yaml"),
            Step(args: ["export", "mail", "--format", "dotenv", "-o", "mail.env"], line: "wrote mail.env (3 variables, mode 0600)"),
            Step(args: ["hook", "install"], line: "installed $ROOT/.git/hooks/pre-commit"),
            Step(args: ["rm", "mail", "--yes"], line: "deleted credentials/mail.yaml"),
        ]
    }

    /// An initialised git repository with a plaintext credential to encrypt, a second
    /// recipient, and an editor that changes the host.
    static func repository() throws -> (ws: Workspace, steps: [Step]) {
        let ws = try Workspace.initialised()
        let git = try PeerTool.require("git")
        #expect(try Subprocess.run(git, ["init", "-q"], currentDirectory: ws.dir.url).status == 0)
        try ws.write("credentials/plain.yaml", plainCredential)
        let second = try ws.credfile(["keygen", "-o", "second.txt"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let editor = try ws.write("editor.sh", "#!/bin/sh\nsed -i 's/h.example.com/k.example.com/' \"$1\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor.path)
        let root = ws.dir.url.resolvingSymlinksInPath().path
        let steps = steps(ws, second: second, editor: editor.path).map { step in
            var step = step
            step.line = step.line.replacingOccurrences(of: "$ROOT", with: root)
            return step
        }
        return (ws, steps)
    }

    @Test(PeerTool.needs("git")) func everyWritingCommandSaysWhatItDidInOneLine() throws {
        let (ws, steps) = try Self.repository()
        for step in steps {
            let result = try CLI.run(step.args, in: ws.dir.url, environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path].merging(step.environment) { $1 })
            #expect(result.status == 0, "\(step): \(result.err)")
            #expect(result.out == step.line + "\n", "\(step)")
        }
    }

    @Test(PeerTool.needs("git")) func quietSilencesEveryActionLine() throws {
        let (ws, steps) = try Self.repository()
        for step in steps {
            let result = try CLI.run(
                step.args + ["--quiet"], in: ws.dir.url,
                environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path].merging(step.environment) { $1 })
            #expect(result.status == 0, "\(step): \(result.err)")
            #expect(result.out.isEmpty, "\(step): \(result.out)")
        }
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("credentials/mail.yaml").path), "the steps ran")
        let empty = try TemporaryDirectory("quiet-init")
        let initialised = try CLI.run(["init", "--age", ws.recipient, "-q"], in: empty.url)
        #expect(initialised.status == 0 && initialised.out.isEmpty && initialised.err.isEmpty, "\(initialised.out)")
    }

    /// A clean human `validate` prints its one-line summary; `-q` silences it.
    @Test func validateSaysWhatItCheckedUnlessQuiet() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com"])
        try ws.new("other", type: "smtp", ["host=smtp.example.com"])
        let clean = try ws.credfile(["validate"], identity: false)
        #expect(clean.status == 0 && clean.out.isEmpty)
        #expect(clean.err == "0 errors, 0 warnings in 2 files\n")
        let quiet = try ws.credfile(["validate", "-q"], identity: false)
        #expect(quiet.status == 0 && quiet.out.isEmpty && quiet.err.isEmpty, "\(quiet.err)")
        let text = try ws.read("credentials/relay.yaml").replacingOccurrences(of: "smtp.example.com", with: "smtp..example.com")
        try ws.write("credentials/relay.yaml", text)
        let failing = try ws.credfile(["validate", "-q"], identity: false)
        #expect(failing.status == 1 && failing.err.contains("[field.invalid]"), "errors are never silenced")
        #expect(!failing.err.contains("in 2 files"))
    }

    // MARK: Usage errors

    @Test func usageErrorsHaveCredfilesShapeAndExit2() throws {
        let dir = try TemporaryDirectory("usage-shape")
        let cases: [(args: [String], message: String, command: String)] = [
            (["set"], "missing expected argument '<name>'", "credfile set"),
            (["list", "--format", "yaml"], "the value 'yaml' is invalid for '--format <format>'. Please provide one of 'table' and 'json'.", "credfile list"),
            (["validate", "--no-such-flag"], "unknown option '--no-such-flag'", "credfile validate"),
        ]
        for (args, message, command) in cases {
            let result = try CLI.run(args, in: dir.url)
            #expect(result.status == 2, "\(args)")
            let lines = result.err.split(separator: "\n").map(String.init)
            #expect(lines.first == "credfile: error: \(message) [usage]", "\(result.err)")
            #expect(lines.dropFirst().first?.hasPrefix("usage: \(command) ") == true, "\(result.err)")
            #expect(lines.last == "hint: see '\(command) --help'", "\(result.err)")
            #expect(!result.err.contains("Error:") && result.out.isEmpty)
        }
        let help = try CLI.run(["set", "--help"], in: dir.url)
        #expect(help.status == 0 && help.out.hasPrefix("OVERVIEW: ") && help.err.isEmpty, "help is untouched")
    }

    // MARK: Did you mean

    @Test func aMistypedCommandIsNamedWithTheNearestOne() throws {
        let dir = try TemporaryDirectory("typo-command")
        let top = try CLI.run(["shwo", "smtp-prod"], in: dir.url)
        #expect(top.status == 2)
        #expect(top.err == "credfile: error: unknown command 'shwo' [usage]\nhint: did you mean 'show'?\nhint: see 'credfile --help'\n")
        let nested = try CLI.run(["recipients", "ad", "age1x"], in: dir.url)
        #expect(nested.status == 2)
        #expect(nested.err.contains("unknown command 'ad' [usage]\nhint: did you mean 'add'?\nhint: see 'credfile recipients --help'"), "\(nested.err)")
        let far = try CLI.run(["frobnicate"], in: dir.url)
        #expect(far.err == "credfile: error: unknown command 'frobnicate' [usage]\nhint: see 'credfile --help'\n", "nothing near")
        let pasted = try CLI.run(["AGE-SECRET-KEY-1CANARY"], in: dir.url)
        #expect(pasted.status == 2 && !pasted.err.contains("CANARY"), "a word that is no command name is not repeated")
    }

    @Test func aMistypedCredentialNameOrTypeGetsTheNearest() throws {
        let ws = try Workspace.initialised()
        try ws.new("smtp-prd", type: "smtp", ["host=smtp.example.com"])
        for args in [["show", "smtp-prod"], ["get", "smtp-prod", "host"], ["set", "smtp-prod", "port=25"], ["export", "smtp-prod", "--format", "shell"],
                     ["rm", "smtp-prod", "--yes"], ["rotate", "smtp-prod"], ["exec", "smtp-prod", "--", "true"]] {
            let result = try ws.credfile(args)
            #expect(result.status == 3, "\(args): \(result.err)")
            #expect(result.err.contains("error: no credential 'smtp-prod' [io.error]\nhint: did you mean 'smtp-prd'?\n"), "\(args): \(result.err)")
        }
        for args in [["validate", "smtp-prod"], ["decrypt", "smtp-prod"], ["encrypt", "smtp-prod"]] {
            let result = try ws.credfile(args)
            #expect(result.status == 3, "\(args): \(result.err)")
            #expect(result.err == "smtp-prod: error: no such file, and no credential 'smtp-prod' [io.error]\nhint: did you mean 'smtp-prd'?\nhint: see 'credfile list'\n", "\(args): \(result.err)")
        }
        let far = try ws.credfile(["show", "billing"])
        #expect(!far.err.contains("did you mean"), "\(far.err)")
        let type = try ws.credfile(["new", "mail", "--type", "smpt", "--description", "d"])
        #expect(type.status == 2)
        #expect(type.err.contains("unknown credential type 'smpt' [usage]\nhint: did you mean 'smtp'?\nhint: known types:"), "\(type.err)")
    }

    // MARK: Recipient and hints

    @Test func aBadRecipientIsQuotedUnlessItMayBeASecret() throws {
        let ws = try Workspace.initialised()
        let bogus = try ws.credfile(["recipients", "add", "age1bogus"])
        #expect(bogus.status == 2)
        #expect(bogus.err.hasPrefix("credfile: error: 'age1bogus' is not an age, ssh or AWS KMS recipient"), "\(bogus.err)")
        #expect(!bogus.err.contains("RECIPIENT"))
        let secret = try ws.credfile(["recipients", "add", "AGE-SECRET-KEY-1CANARY"])
        #expect(secret.status == 2 && secret.err.contains("the recipient is not") && !secret.err.contains("CANARY"), "\(secret.err)")
    }

    /// Three files no identity opens: three error lines, the "no age identity" hint once.
    @Test func aHintSharedByManyFilesIsPrintedOnce() throws {
        let ws = try Workspace.initialised()
        for name in ["relay-a", "relay-b", "relay-c"] { try ws.new(name, type: "smtp", ["host=a.example.com", "username=u", "password=pppppppp"]) }
        for args in [["rotate"], ["validate", "--decrypt"]] {
            let result = try ws.credfile(args, identity: false)
            #expect(result.status != 0)
            #expect(result.err.components(separatedBy: "[keys.no-identity]").count == 4, "\(args): \(result.err)")
            #expect(result.err.components(separatedBy: "hint: no age identity found").count == 2, "\(args): \(result.err)")
        }
    }

    // MARK: JSON

    /// Each line of `text` is one JSON object written as Foundation writes it compactly with
    /// sorted keys: no spaces, keys in order, one line each.
    static func expectJSONLines(_ text: String, _ what: String) throws -> [[String: Any]] {
        #expect(text.hasSuffix("\n"), "\(what)")
        var objects: [[String: Any]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(what): \(line)")
            let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            #expect(String(decoding: canonical, as: UTF8.self) == String(line), "\(what)")
            objects.append(object)
        }
        return objects
    }

    @Test func everyJSONOutputIsJSONLinesWithSortedKeys() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com", "username=u", "password=pppppppp"])
        try ws.new("other", type: "generic", ["token=abcdefghij"])
        let runs: [(args: [String], lines: Int)] = [
            (["list", "--format", "json"], 2), (["show", "relay", "--format", "json"], 1), (["validate", "--format", "json"], 1),
            (["schema", "list", "--format", "json"], 3), (["schema", "show", "smtp", "--format", "json"], 1),
            (["export", "relay", "--format", "json"], 1), (["recipients", "list", "--format", "json"], 1),
            (["check", "other", "--format", "json"], 2),
        ]
        for (args, lines) in runs {
            let result = try ws.credfile(args)
            #expect(result.status == 0, "\(args): \(result.err)")
            #expect(try Self.expectJSONLines(result.out, "\(args)").count == lines, "\(args): \(result.out)")
        }
    }

    @Test func validateJSONEndsWithASummaryOnSuccessAndFailure() throws {
        let ws = try Workspace.initialised()
        try ws.new("relay", type: "smtp", ["host=smtp.example.com"])
        let clean = try Self.expectJSONLines(try ws.credfile(["validate", "--format", "json"], identity: false).out, "clean")
        #expect(clean.count == 1)
        #expect(clean.last?["summary"] as? [String: Int] == ["errors": 0, "files": 1, "warnings": 0])
        try ws.write("credentials/relay.yaml", try ws.read("credentials/relay.yaml").replacingOccurrences(of: "smtp.example.com", with: "smtp..example.com"))
        let result = try ws.credfile(["validate", "--format", "json", "-q"], identity: false)
        #expect(result.status == 1)
        let failing = try Self.expectJSONLines(result.out, "failing")
        #expect(failing.count == 2 && failing.first?["code"] as? String == "field.invalid")
        #expect(failing.last?["summary"] as? [String: Int] == ["errors": 1, "files": 1, "warnings": 0], "--quiet keeps JSON, which is data")
    }
}

/// Reads credfile's `--format json` output (JSON Lines): one object per line.
enum JSONLinesReader {
    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Workspace.Failure("not a JSON object: \(line)")
            }
            return object
        }
    }
}
