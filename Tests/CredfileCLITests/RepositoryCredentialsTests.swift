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

    /// The README's first command must keep working for years: the demo Graph secret expired
    /// on 2027-06-30 before (a warning from 2027-05-31, exit 1 from 2027-07-01). Checked at
    /// today's date and 5, 10 and 20 years on, with `--today` rather than the clock.
    @Test(arguments: [0, 5, 10, 20])
    func quickStartPassesYearsFromNow(years: Int) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.date(byAdding: .year, value: years, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        let today = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let result = try CLI.run(
            ["validate", "--decrypt", "--today", today], in: Self.root, environment: ["SOPS_AGE_KEY_FILE": Self.identity])
        #expect(result.status == 0, "at \(today): \(result.err)")
        #expect(!result.err.contains("[secret."), "at \(today): \(result.err)")
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
