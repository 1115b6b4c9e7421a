import CredfileTestSupport
import Foundation
import Testing

/// The repository is itself a credfile repository: its demo credentials must decrypt with the
/// committed demo identity, by credfile and by sops alike (what the README's quick start runs).
@Suite struct RepositoryCredentialsTests {
    static let root = PeerTool.packageRoot
    static let identity = root.appendingPathComponent("demo/DEMO-ONLY-age-identity.txt").path

    static var credentialFiles: [String] {
        let dir = root.appendingPathComponent("credentials")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "credentials/\($0)" }
    }

    @Test func thereAreDemoCredentials() {
        #expect(Self.credentialFiles.count >= 2)
    }

    @Test(PeerTool.needs("sops"), arguments: credentialFiles)
    func decryptsLikeSops(file: String) throws {
        let ours = try CLI.run(["decrypt", file], in: Self.root, environment: ["SOPS_AGE_KEY_FILE": Self.identity])
        #expect(ours.status == 0, "credfile: \(ours.err)")
        let sops = try Subprocess.run(
            try PeerTool.require("sops"), ["decrypt", file], environment: ["SOPS_AGE_KEY_FILE": Self.identity],
            currentDirectory: Self.root)
        #expect(sops.status == 0, "sops: \(sops.err)")
        #expect(ours.out == sops.out)
    }

    /// Files credfile writes pass yamllint with line length off (the `mac` line is long by design).
    @Test(PeerTool.needs("yamllint"), arguments: credentialFiles)
    func passesYamllint(file: String) throws {
        let result = try Subprocess.run(
            try PeerTool.require("yamllint"), ["-d", "{extends: relaxed, rules: {line-length: disable}}", file],
            currentDirectory: Self.root)
        #expect(result.status == 0, "\(result.out)")
    }
}
