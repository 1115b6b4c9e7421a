import CredfileTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 12: anything below `credentials/` may come from a hostile branch. Links, FIFOs and
/// other special files are reported, never followed or read; a write never replaces a link;
/// hidden, `.yml` and other files are seen by every tier. Every run is bounded in time: a
/// hang (a link loop, a FIFO) fails the test instead of blocking it.
@Suite struct HostileFilesTests {
    static let limit = 60.0
    static let canary = "canary-Outside-7c1d"

    func link(_ ws: Workspace, _ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: ws.dir.file(path).path, withDestinationPath: target)
    }

    func isLink(_ ws: Workspace, _ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: ws.dir.file(path).path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    /// A plaintext smtp credential (its password unencrypted) outside the repository.
    func outside(_ ws: Workspace) throws -> URL {
        try ws.write("outside/evil.yaml", """
            name: evil
            type: smtp
            description: \(Self.canary)
            host: smtp.example.com
            username: u@example.com
            password: \(Self.canary)

            """)
        return ws.dir.file("outside")
    }

    @Test func directoryLinkLoopsEndAndAreReported() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        try link(ws, "credentials/a", to: ".")
        try link(ws, "credentials/b", to: ".")
        try FileManager.default.createDirectory(at: ws.dir.file("credentials/sub"), withIntermediateDirectories: true)
        try link(ws, "credentials/sub/up", to: "..")
        let result = try ws.credfile(["validate"], identity: false, timeout: Self.limit)
        #expect(result.status == 1)
        for path in ["credentials/a", "credentials/b", "credentials/sub/up"] {
            #expect(result.err.contains("\(path): error: is a symbolic link"), "\(result.err)")
        }
        #expect(result.err.contains("[file.not-regular]"))
        #expect(try ws.credfile(["list"], identity: false, timeout: Self.limit).out.contains("smtp-prod"))
        let before = try ws.read(ws.smtpFile)
        let rotate = try ws.credfile(["rotate"], timeout: Self.limit)
        #expect(rotate.status == 0, "directory links are not credentials: \(rotate.err)")
        #expect(try ws.read(ws.smtpFile) != before)
    }

    @Test func linkLoopAndDanglingLinkAreReported() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        try link(ws, "credentials/loop.yaml", to: "loop.yaml")
        try link(ws, "credentials/gone.yaml", to: "nowhere.yaml")
        let result = try ws.credfile(["validate"], identity: false, timeout: Self.limit)
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/loop.yaml: error: is a symbolic link"), "\(result.err)")
        #expect(result.err.contains("credentials/gone.yaml: error: is a symbolic link"))
        // Before anything is written, rotate names the link instead of skipping it.
        let rotate = try ws.credfile(["rotate"], timeout: Self.limit)
        #expect(rotate.status == 3 && rotate.err.contains("symbolic link"), "\(rotate.err)")
    }

    @Test func fifoIsNeverOpened() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        #expect(mkfifo(ws.dir.file("credentials/pipe.yaml").path, 0o644) == 0)
        #expect(mkfifo(ws.dir.file("credentials/other").path, 0o644) == 0)
        let result = try ws.credfile(["validate"], identity: false, timeout: Self.limit)
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/pipe.yaml: error: is a FIFO"), "\(result.err)")
        #expect(result.err.contains("credentials/other: error: is a FIFO"))
        #expect(try ws.credfile(["list"], identity: false, timeout: Self.limit).out.contains("smtp-prod"))
        let show = try ws.credfile(["show", "pipe"], timeout: Self.limit)
        #expect(show.status == 3 && show.err.contains("FIFO"), "\(show.err)")
        // Named on the command line, it is reported too, not opened.
        let named = try ws.credfile(["validate", "credentials/pipe.yaml"], identity: false, timeout: Self.limit)
        #expect(named.status == 1 && named.err.contains("[file.not-regular]"), "\(named.err)")
    }

    @Test func linksOutsideAreNeitherReadNorWalked() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let outside = try outside(ws)
        try link(ws, "credentials/evil.yaml", to: outside.appendingPathComponent("evil.yaml").path)
        try link(ws, "credentials/relative.yaml", to: "../outside/evil.yaml")
        try link(ws, "credentials/dir", to: outside.path)
        let result = try ws.credfile(["validate"], identity: false, timeout: Self.limit)
        #expect(result.status == 1)
        #expect(result.err.contains("credentials/evil.yaml: error: is a symbolic link"), "\(result.err)")
        #expect(result.err.contains("credentials/dir: error: is a symbolic link"))
        // Not read: the outside file's plaintext password is no finding of this run.
        #expect(!result.err.contains("secret.not-encrypted") && !result.err.contains("credentials/dir/"))
        let list = try ws.credfile(["list", "--format", "json"], identity: false, timeout: Self.limit)
        #expect(!list.out.contains(Self.canary) && !list.err.contains(Self.canary))
        #expect(list.err.contains("credentials/evil.yaml"), "a link is named, not hidden: \(list.err)")
        let show = try ws.credfile(["show", "evil"], timeout: Self.limit)
        #expect(show.status == 3 && show.err.contains("symbolic link") && !show.out.contains(Self.canary), "\(show.err)")
        let export = try ws.credfile(["export", "evil", "--format", "shell"], timeout: Self.limit)
        #expect(export.status != 0 && !export.out.contains(Self.canary))
    }

    @Test func writesNeverReplaceALink() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        try link(ws, "credentials/alias.yaml", to: "smtp-prod.yaml")
        try ws.write("plain.yaml", "name: plain\ntype: generic\ndescription: d\npassword: p\n")
        try link(ws, "credentials/plain.yaml", to: "../plain.yaml")
        let before = try ws.read(ws.smtpFile)
        let runs: [[String]] = [
            ["set", "alias", "host=mail.example.org"], ["unset", "alias", "tls"], ["rotate", "alias"],
            ["recipients", "add", ws.recipient, "alias"], ["encrypt", "credentials/plain.yaml"],
            ["edit", "alias"],
        ]
        for args in runs {
            let result = try CLI.run(
                args, in: ws.dir.url, environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path, "EDITOR": "true", "VISUAL": "true"],
                timeout: Self.limit)
            #expect(result.status != 0, "\(args)")
            #expect(result.err.contains("symbolic link"), "\(args): \(result.err)")
        }
        #expect(isLink(ws, "credentials/alias.yaml") && isLink(ws, "credentials/plain.yaml"))
        #expect(try ws.read(ws.smtpFile) == before)
        #expect(try ws.read("plain.yaml") == "name: plain\ntype: generic\ndescription: d\npassword: p\n")
    }

    @Test func hiddenYmlAndOtherFilesAreSeen() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let plain = "name: old\ntype: generic\ndescription: d\npassword: \(Self.canary)\n"
        try ws.write("credentials/.old.yaml", plain)
        try ws.write("credentials/x.yml", plain.replacingOccurrences(of: "name: old", with: "name: x"))
        try ws.write("credentials/.archive/y.yaml", plain.replacingOccurrences(of: "name: old", with: "name: y"))
        try ws.write("credentials/README.md", "notes\n")
        try ws.write("credentials/.gitkeep", "")
        let result = try ws.credfile(["validate"], identity: false, timeout: Self.limit)
        #expect(result.status == 1)
        for path in ["credentials/.old.yaml", "credentials/x.yml", "credentials/.archive/y.yaml", "credentials/README.md"] {
            #expect(result.err.contains("\(path): error:") && result.err.contains("[file.misplaced]"), "\(path): \(result.err)")
        }
        #expect(!result.err.contains(".gitkeep"))
        // Their content is checked as well: the plaintext password is found in each YAML file.
        #expect(result.err.components(separatedBy: "[secret.not-encrypted]").count - 1 == 3, "\(result.err)")
        #expect(!result.err.contains(Self.canary) && !result.out.contains(Self.canary))
    }

    @Test(PeerTool.needs("git")) func everyGitTierSeesTheSameFiles() throws {
        let repo = try GitIntegrationTests.Repo()
        let ws = repo.ws
        try repo.run(["branch", "base"])
        let plain = "name: old\ntype: generic\ndescription: d\npassword: \(Self.canary)\n"
        try ws.write("credentials/.old.yaml", plain)
        try ws.write("credentials/x.yml", plain.replacingOccurrences(of: "name: old", with: "name: x"))
        try ws.write("credentials/notes.txt", "notes\n")
        try link(ws, "credentials/alias.yaml", to: "relay.yaml")
        try repo.run(["add", "-A"])
        let staged = try ws.credfile(["validate", "--staged"], identity: false, timeout: Self.limit)
        try repo.run(["commit", "-q", "-m", "hostile"])
        let against = try ws.credfile(["validate", "--against", "base"], identity: false, timeout: Self.limit)
        for result in [staged, against] {
            #expect(result.status == 1)
            #expect(result.err.contains("credentials/alias.yaml: error: is a symbolic link"), "\(result.err)")
            for path in ["credentials/.old.yaml", "credentials/x.yml", "credentials/notes.txt"] {
                #expect(result.err.contains("\(path): error:"), "\(path): \(result.err)")
            }
            #expect(result.err.contains("credentials/.old.yaml:4:11: error:") && result.err.contains("[secret.not-encrypted]"))
            #expect(!result.err.contains(Self.canary))
        }
    }

    @Test(PeerTool.needs("git")) func aCommittedDirectoryLinkIsRefused() throws {
        let repo = try GitIntegrationTests.Repo()
        let ws = repo.ws
        try repo.run(["branch", "base"])
        try repo.run(["mv", "credentials", "real"])
        try link(ws, "credentials", to: "real")
        try repo.run(["add", "-A"])
        try repo.run(["commit", "-q", "-m", "link the directory"])
        let against = try ws.credfile(["validate", "--against", "base"], identity: false, timeout: Self.limit)
        #expect(against.status == 1)
        #expect(against.err.contains("credentials: error: is a symbolic link"), "\(against.err)")
        // In a working tree, a linked directory is the user's own layout: plain validate accepts it.
        let plain = try ws.credfile(["validate"], identity: false, timeout: Self.limit)
        #expect(plain.status == 0, "\(plain.err)")
    }
}
