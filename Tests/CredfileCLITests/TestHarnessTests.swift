import CredfileTestSupport
import Foundation
import Testing

/// The test harness itself (issue 19): the environment children start with, a peer that
/// exits before reading its input, and exit statuses observed through the binary.
@Suite struct TestHarnessTests {
    /// A runner's environment with everything that changed results before: a GitHub runner's
    /// switches, the developer's sops key, a git hook's repository, a user's configuration.
    static let hostile: [String: String] = [
        "PATH": "/usr/bin:/bin", "HOME": "/root", "TMPDIR": "/tmp", "GITHUB_ACTIONS": "true",
        "GITHUB_ENV": "/tmp/github_env", "GITHUB_OUTPUT": "/tmp/out", "RUNNER_TEMP": "/tmp", "SOPS_AGE_KEY_FILE": "/k",
        "SOPS_AGE_KEY": "AGE-SECRET-KEY-1", "GIT_DIR": "/elsewhere/.git", "GIT_CONFIG_GLOBAL": "/root/.gitconfig",
        "XDG_CONFIG_HOME": "/root/.config", "EDITOR": "vi", "LANG": "de_DE.UTF-8", "TZ": "Pacific/Kiritimati",
        "CI": "true", "ASAN_OPTIONS": "halt_on_error=1",
    ]

    /// credfile gets an allow-list: none of the above but PATH, TMPDIR and the sanitizer's.
    @Test func credfileStartsWithAnAllowListedEnvironment() {
        let env = TestEnvironment.forCredfile(inherited: Self.hostile, home: "/tmp/ws")
        #expect(env["PATH"] == "/usr/bin:/bin" && env["TMPDIR"] == "/tmp" && env["ASAN_OPTIONS"] == "halt_on_error=1")
        #expect(env["HOME"] == "/tmp/ws")
        #expect(env["GIT_CONFIG_GLOBAL"] == "/dev/null" && env["GIT_CONFIG_NOSYSTEM"] == "1")
        for name in ["GITHUB_ACTIONS", "GITHUB_ENV", "GITHUB_OUTPUT", "RUNNER_TEMP", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY",
                     "GIT_DIR", "XDG_CONFIG_HOME", "EDITOR", "LANG", "TZ", "CI"] {
            #expect(env[name] == nil, "\(name) reaches credfile")
        }
    }

    /// Peers (git, sops, python) keep the runner's environment less the families that change
    /// their behaviour.
    @Test func peersStartWithoutRunnerSwitchesOrUserConfiguration() {
        let env = TestEnvironment.forPeer(inherited: Self.hostile)
        #expect(env["PATH"] == "/usr/bin:/bin" && env["LANG"] == "de_DE.UTF-8")
        #expect(env["GIT_CONFIG_GLOBAL"] == "/dev/null" && env["SOPS_DISABLE_VERSION_CHECK"] == "1")
        for name in ["GITHUB_ACTIONS", "GITHUB_ENV", "RUNNER_TEMP", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY", "GIT_DIR", "XDG_CONFIG_HOME"] {
            #expect(env[name] == nil, "\(name) reaches a peer")
        }
    }

    /// End to end: a user's `~/.gitconfig` that signs every commit with a key that does not
    /// exist and points hooks at a failing script does not reach a test's git.
    @Test(PeerTool.needs("git")) func gitInTestsIgnoresTheUsersConfiguration() throws {
        let git = try PeerTool.require("git")
        let home = try TemporaryDirectory("credfile-hostile-home")
        try home.write("hooks/pre-commit", "#!/bin/sh\nexit 1\n", mode: 0o755)
        try home.write(".gitconfig", "[commit]\n\tgpgsign = true\n[user]\n\tsigningkey = NO-SUCH-KEY\n[core]\n\thooksPath = \(home.url.path)/hooks\n")
        let repo = try TemporaryDirectory("credfile-git")
        for args in [["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "x"]] {
            let result = try Subprocess.run(git, args, environment: ["HOME": home.url.path], currentDirectory: repo.url)
            #expect(result.status == 0, "git \(args[0]): \(result.err)")
        }
    }

    /// Issue 19 item 1: a peer that exits without reading its input (a python that fails to
    /// import, say). Writing the rest of the input raised SIGPIPE, which ended the whole test
    /// process; now the write fails with EPIPE and the peer's own status is reported.
    @Test func aPeerThatExitsBeforeReadingIsReportedNotFatal() throws {
        let input = Data(repeating: 0x61, count: 4 << 20)
        for _ in 0..<3 {
            let result = try Subprocess.run("/bin/sh", ["-c", "echo gone >&2; exit 3"], stdin: input, timeout: 60)
            #expect(result.status == 3 && !result.signaled && result.err == "gone\n")
        }
    }

    /// Issue 19 item 8: a child that leaves a grandchild holding its output open. The run ends
    /// soon after the child does, instead of when the grandchild lets go (here 25 s; the
    /// run's own limit of 20 s made it throw `TimedOut` before).
    @Test func aGrandchildHoldingTheOutputDoesNotHoldTheRun() throws {
        let start = Date()
        let result = try Subprocess.run("/bin/sh", ["-c", "sleep 25 & echo started"], timeout: 20)
        #expect(result.status == 0 && result.out == "started\n")
        #expect(Date().timeIntervalSince(start) < 15, "the run waited for the grandchild")
    }
}

/// Every skip says why (issue 19: 32 skips printed only "skipped"): a test's condition is
/// `PeerTool.needs`/`needsPython`, which name the missing tool and how to install it, or an
/// `.enabled(if:)` / `.disabled(if:)` with a comment of its own.
@Suite struct SkipReasonTests {
    @Test func everyConditionalTestNamesItsReason() throws {
        let tests = PeerTool.packageRoot.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: tests.path)?.allObjects as? [String] ?? []
        var silent: [String] = []
        var conditions = 0
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: tests.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard code.hasPrefix("@Test(") || code.hasPrefix("@Suite(") else { continue }
                if code.contains("PeerTool.needs") { conditions += 1 }
                // Spelled in two parts so that this line is not a finding.
                for trait in [".enab" + "led(if:", ".disab" + "led(if:"] where code.contains(trait) {
                    conditions += 1
                    if !code.contains(", \"") { silent.append("Tests/\(file):\(number + 1)") }
                }
            }
        }
        #expect(conditions > 30, "the scan found the conditional tests")
        #expect(silent.isEmpty, "a skip without a reason: use PeerTool.needs or give a comment:\n\(silent.joined(separator: "\n"))")
    }
}

/// Exit statuses through the binary, not only on the library's error type: 23 (a value sops
/// cannot encrypt) and 51 for a file without a MAC (sops 3.11 exits 51, not its `MacNotFound`
/// 52, which is why 52 left the table).
@Suite struct ExitStatusThroughTheBinaryTests {
    @Test func aValueSopsCannotEncryptExits23() throws {
        let ws = try Workspace()
        // Fits uint64, not int64: sops's "Cannot walk value, unknown type: uint64".
        let text = "name: big\ncounter: 18446744073709551615\npassword: p4ss-value\n"
        try ws.write("big.yaml", text)
        let result = try ws.credfile(["encrypt", "--age", ws.recipient, "--encrypted-regex", "^password$", "big.yaml"])
        #expect(result.status == 23, "\(result.status): \(result.err)")
        #expect(result.err.contains("64-bit") && !result.err.contains("p4ss-value"))
        #expect(try ws.read("big.yaml") == text, "the file is left as it was")
    }

    @Test func aFileWithoutAMACExits51() throws {
        let ws = try Workspace()
        let text = try ws.encrypt("m.yaml", "a: 1\npassword: secret-value\n", regex: "^password$")
        let without = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("    mac:") }
        #expect(without.count == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        try ws.write("m.yaml", without.joined(separator: "\n"))
        let result = try ws.credfile(["decrypt", "m.yaml"])
        #expect(result.status == 51, "\(result.status): \(result.err)")
        #expect(result.err.contains("no MAC") && result.stdout.isEmpty)
    }
}
