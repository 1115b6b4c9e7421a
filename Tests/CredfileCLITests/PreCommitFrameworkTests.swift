import CredfileTestSupport
import Foundation
import Testing

/// The hook as users of the pre-commit framework get it: this repository's
/// `.pre-commit-hooks.yaml` (`language: swift`), built by pre-commit from the committed
/// state, run by `pre-commit run --all-files` and by real `git commit`s. The first run builds
/// credfile in release mode inside pre-commit's cache (about a minute here); the cache lives in
/// `.build-precommit/` (git-ignored) so later runs at the same commit reuse it.
@Suite struct PreCommitFrameworkTests {
    @Test(PeerTool.needs("pre-commit", "git"))
    func frameworkBlocksABadCommitAndLetsAGoodOneThrough() throws {
        let preCommit = try PeerTool.require("pre-commit")
        let root = PeerTool.packageRoot
        let repo = try GitIntegrationTests.Repo()
        let rev = try Subprocess.run(try PeerTool.require("git"), ["rev-parse", "HEAD"], currentDirectory: root).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.ws.write(".pre-commit-config.yaml", """
            repos:
              - repo: \(root.path)
                rev: \(rev)
                hooks:
                  - id: credfile-validate

            """)
        let env = ["PRE_COMMIT_HOME": root.appendingPathComponent(".build-precommit").path]
        let run = { (args: [String]) in try Subprocess.run(preCommit, args, environment: env, currentDirectory: repo.ws.dir.url) }
        #expect(try run(["install"]).status == 0)
        try repo.run(["add", "-A"])
        let all = try run(["run", "--all-files"])
        #expect(all.status == 0, "\(all.out)\(all.err)")
        #expect(all.out.contains("credfile validate"))

        try repo.edit("credentials/relay.yaml", "name: relay\n", "name: moved\n")
        try repo.run(["add", "-A"])
        let bad = try repo.run(["commit", "-qm", "bad"], env: env)
        #expect(bad.status != 0)
        #expect((bad.out + bad.err).contains("[name.changed]"))
        #expect(!(bad.out + bad.err).contains(GitIntegrationTests.secret))

        try repo.edit("credentials/relay.yaml", "name: moved\n", "name: relay\n")
        try repo.edit("credentials/relay.yaml", "description: Relay\n", "description: Relay for the invoice run\n")
        try repo.run(["add", "-A"])
        let good = try repo.run(["commit", "-qm", "good"], env: env)
        #expect(good.status == 0, "\(good.out)\(good.err)")
    }
}
