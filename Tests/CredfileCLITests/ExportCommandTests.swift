import CredfileTestSupport
import Foundation
import Testing

/// `credfile export` and `credfile exec` through the binary (issue 6): naming, defaults,
/// selection, collisions, files, and exec's pass-through of environment, status and signals.
@Suite struct ExportCommandTests {
    static let secret = "it's a \"secret\" $HOME ${X} #1"

    func repository() throws -> Workspace {
        let ws = try Workspace()
        try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/\n    age: \(ws.recipient)\n")
        try ws.write("credentials/smtp-prod.yaml", """
            name: smtp-prod
            type: smtp
            description: Relay
            host: smtp.example.com
            username: u@example.com
            password: '\(Self.secret.replacingOccurrences(of: "'", with: "''"))'

            """)
        try ws.write("credentials/smtp_prod.yaml", "name: smtp_prod\ntype: smtp\ndescription: Twin\nhost: h.example.com\n")
        for name in ["smtp-prod", "smtp_prod"] {
            let result = try ws.credfile(["encrypt", "credentials/\(name).yaml"])
            guard result.status == 0 || result.err.contains("nothing to encrypt") else { throw Workspace.Failure(result.err) }
        }
        return ws
    }

    @Test func shellExportRoundTripsThroughBashWithDefaults() throws {
        let ws = try repository()
        let export = try ws.credfile(["export", "smtp-prod", "--format", "shell"])
        #expect(export.status == 0, "\(export.err)")
        #expect(export.out.contains("export SMTP_PROD_PORT='25'"), "the schema default")
        #expect(!export.out.contains("SMTP_PROD_NAME") && !export.out.contains("SMTP_PROD_DESCRIPTION"))
        let bash = try PeerTool.require("bash")
        let read = try Subprocess.run(bash, ["-c", "eval \"$1\"; printf '%s' \"$SMTP_PROD_PASSWORD\"", "_", export.out])
        #expect(read.out == Self.secret)
    }

    @Test func fieldsPrefixAndCollisions() throws {
        let ws = try repository()
        let some = try ws.credfile(["export", "smtp-prod", "--format", "json", "--fields", "host,name", "--prefix", "MAIL"])
        let object = try JSONSerialization.jsonObject(with: some.stdout) as? [String: String]
        #expect(object == ["MAIL_HOST": "smtp.example.com", "MAIL_NAME": "smtp-prod"])
        let bare = try ws.credfile(["export", "smtp-prod", "--format", "json", "--fields", "host", "--no-prefix"])
        #expect(bare.out.contains("\"HOST\""))
        let both = try ws.credfile(["export", "smtp-prod", "smtp_prod", "--format", "shell"])
        #expect(both.status != 0)
        #expect(both.err.contains("SMTP_PROD_HOST would be set by both smtp-prod.host and smtp_prod.host"))
        #expect(both.stdout.isEmpty && !both.err.contains("secret"))
    }

    @Test func outputFileIsPrivateAndUnrepresentableValuesWriteNothing() throws {
        let ws = try repository()
        let ok = try ws.credfile(["export", "smtp-prod", "--format", "shell", "-o", "out.sh"])
        #expect(ok.status == 0, "\(ok.err)")
        let mode = try FileManager.default.attributesOfItem(atPath: ws.dir.file("out.sh").path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try ws.read("out.sh").contains("SMTP_PROD_PASSWORD="))
        // python-dotenv interpolates ${…} in every quote style: refused, naming the variable only.
        let refused = try ws.credfile(["export", "smtp-prod", "--format", "dotenv", "-o", "out.env"])
        #expect(refused.status == 1 && refused.err.contains("SMTP_PROD_PASSWORD") && !refused.err.contains("${X}"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("out.env").path), "nothing written")
        let gitlab = try ws.credfile(["export", "smtp-prod", "--format", "gitlab", "-o", "report.env"])
        #expect(gitlab.status == 1 && gitlab.err.contains("SMTP_PROD_PASSWORD") && !gitlab.err.contains("secret\""))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("report.env").path), "nothing written")
    }

    /// A branch may commit `deploy -> /elsewhere`: `-o deploy/app.env` must not follow it
    /// (red-team finding F8 of issue 14), at any depth; a real directory and a link outside the
    /// repository (the runner's own) are fine.
    @Test func outputThroughALinkCommittedToTheRepositoryIsRefused() throws {
        let ws = try repository()
        let elsewhere = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: ws.dir.file("deploy").path, withDestinationPath: elsewhere.url.path)
        try FileManager.default.createDirectory(at: ws.dir.file("real/inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: ws.dir.file("real/inner/link").path, withDestinationPath: elsewhere.url.path)
        for target in ["deploy/app.env", "real/inner/link/app.env", "./real/../deploy/app.env"] {
            let refused = try ws.credfile(["export", "smtp-prod", "--format", "shell", "-o", target])
            #expect(refused.status == 2, "\(target): \(refused.err)")
            #expect(refused.err.contains("refusing to write through the symbolic link"), "\(target)")
        }
        let keygen = try ws.credfile(["keygen", "-o", "deploy/keys.txt"])
        #expect(keygen.status == 2 && keygen.err.contains("refusing to write through the symbolic link"), "\(keygen.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.url.path).isEmpty, "nothing written there")
        let real = try ws.credfile(["export", "smtp-prod", "--format", "shell", "-o", "real/inner/app.env"])
        #expect(real.status == 0, "\(real.err)")
        let outside = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: outside.file("via").path, withDestinationPath: elsewhere.url.path)
        let mine = try ws.credfile(["export", "smtp-prod", "--format", "shell", "-o", outside.file("via/app.env").path])
        #expect(mine.status == 0, "\(mine.err)")
        #expect(FileManager.default.fileExists(atPath: elsewhere.file("app.env").path))
    }

    /// The link check walks the path as the kernel does: an absolute `-o` through a link to the
    /// workspace itself, a link in another checkout (the application's tree), and a link above
    /// `credentials/` in a monorepo are refused as well.
    @Test func outputThroughALinkInAnyWorkTreeIsRefused() throws {
        let ws = try repository()
        let elsewhere = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: ws.dir.file("deploy").path, withDestinationPath: elsewhere.url.path)
        let runner = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: runner.file("workspace").path, withDestinationPath: ws.dir.url.path)
        let application = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: application.file(".git"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: application.file("out").path, withDestinationPath: elsewhere.url.path)
        try FileManager.default.createDirectory(at: ws.dir.file(".git"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: ws.dir.file("ops"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ws.dir.file("credentials"), to: ws.dir.file("ops/credentials"))
        try FileManager.default.copyItem(at: ws.dir.file(".sops.yaml"), to: ws.dir.file("ops/.sops.yaml"))
        for (arguments, target) in [
            ([String](), runner.file("workspace/deploy/a.env").path), ([], application.file("out/b.env").path),
            (["-C", "ops"], "../deploy/c.env"),
        ] {
            let refused = try ws.credfile(arguments + ["export", "smtp-prod", "--format", "shell", "-o", target])
            #expect(refused.status == 2 && refused.err.contains("refusing to write through the symbolic link"), "\(target): \(refused.err)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.url.path).isEmpty, "nothing written there")
    }

    @Test func githubMasksThenAppendsToGitHubEnv() throws {
        let ws = try repository()
        try ws.write("github_env", "EARLIER=1\n")
        let result = try CLI.run(
            ["export", "smtp-prod", "--format", "github"], in: ws.dir.url,
            environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path, "GITHUB_ENV": ws.dir.file("github_env").path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.hasPrefix("::add-mask::"))
        #expect(!result.out.contains("SMTP_PROD_HOST"), "only sensitive values are masked")
        let env = try ws.read("github_env")
        #expect(env.hasPrefix("EARLIER=1\n"), "appended, not replaced")
        #expect(env.contains("SMTP_PROD_PASSWORD<<ghadelimiter_"))
    }

    @Test func k8sSecretDecodesBack() throws {
        let ws = try repository()
        let result = try ws.credfile(["export", "smtp-prod", "--format", "k8s", "--namespace", "mail"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("kind: Secret"))
        #expect(result.out.contains("name: \"smtp-prod\"") || result.out.contains("name: smtp-prod"))
        let python = try PeerTool.require("python3")
        let script = "import sys,yaml,base64; d=yaml.safe_load(sys.stdin.read()); sys.stdout.write(base64.b64decode(d['data']['SMTP_PROD_PASSWORD']).decode())"
        #expect(try Subprocess.run(python, ["-c", script], stdin: result.stdout).out == Self.secret)
    }

    @Test func invalidCredentialIsNotExported() throws {
        let ws = try repository()
        try ws.write("credentials/broken.yaml", "name: broken\ntype: smtp\ndescription: x\nhost: bad..host\n")
        let result = try ws.credfile(["export", "broken", "--format", "shell"])
        #expect(result.status == 1 && result.err.contains("[credential.invalid]") && result.stdout.isEmpty)
    }

    /// The child sees exactly the expected variables; --no-clobber keeps the caller's; status
    /// and signals pass through; nothing is written to the working or temporary directory.
    @Test func execPassesEnvironmentStatusAndSignals() throws {
        let ws = try repository()
        let tmp = try TemporaryDirectory("exec-tmp")
        let before = try FileManager.default.contentsOfDirectory(atPath: ws.dir.url.path).sorted()
        let env = ["SOPS_AGE_KEY_FILE": ws.identityFile.path, "TMPDIR": tmp.url.path, "SMTP_PROD_HOST": "caller.example.com"]
        let printed = try CLI.run(
            ["exec", "smtp-prod", "--pristine", "--", "sh", "-c", "env | sort"], in: ws.dir.url, environment: env)
        #expect(printed.status == 0, "\(printed.err)")
        // sh itself adds PWD (and dash may add OLDPWD); nothing else may reach the child.
        let names = Set(printed.out.split(separator: "\n").map { String($0.prefix { $0 != "=" }) }).subtracting(["PWD", "OLDPWD"])
        #expect(names == ["PATH", "SMTP_PROD_HOST", "SMTP_PROD_PASSWORD", "SMTP_PROD_PORT", "SMTP_PROD_TLS", "SMTP_PROD_USERNAME"])
        #expect(printed.out.contains("SMTP_PROD_HOST=smtp.example.com\n"))
        let kept = try CLI.run(["exec", "smtp-prod", "--no-clobber", "--", "sh", "-c", "printf %s \"$SMTP_PROD_HOST\""], in: ws.dir.url, environment: env)
        #expect(kept.out == "caller.example.com")
        let secret = try CLI.run(["exec", "smtp-prod", "--", "sh", "-c", "printf %s \"$SMTP_PROD_PASSWORD\""], in: ws.dir.url, environment: env)
        #expect(secret.out == Self.secret)
        #expect(try CLI.run(["exec", "smtp-prod", "--", "sh", "-c", "exit 42"], in: ws.dir.url, environment: env).status == 42)
        // execve keeps the signal mask, and the test runner's threads block SIGTERM; launch
        // through python with it unblocked, as from a shell, to see the signal come back.
        let python = try PeerTool.require("python3")
        let unblock = "import os,signal,sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM}); os.execv(sys.argv[1], sys.argv[1:])"
        let killed = try Subprocess.run(
            python, ["-c", unblock, CLI.binary, "exec", "smtp-prod", "--", "sh", "-c", "kill -TERM $$; echo survived"],
            environment: env, currentDirectory: ws.dir.url)
        #expect(killed.signaled && killed.status == SIGTERM && killed.out.isEmpty)
        let hard = try CLI.run(["exec", "smtp-prod", "--", "sh", "-c", "kill -KILL $$"], in: ws.dir.url, environment: env, expectSignal: true)
        #expect(hard.signaled && hard.status == SIGKILL)
        #expect(try CLI.run(["exec", "smtp-prod", "--", "no-such-program-xyz"], in: ws.dir.url, environment: env).status == 127)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.dir.url.path).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
    }
}
