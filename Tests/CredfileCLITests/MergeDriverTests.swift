import CredfileTestSupport
import Foundation
import Testing

/// `credfile merge-driver` through real `git merge`s between branches (issue 18): every clean
/// result is checked by the real `sops decrypt` and `credfile validate --decrypt`; a conflict
/// names fields, never values, and leaves ours valid; without a key nothing is written.
@Suite struct MergeDriverTests {
    static let basePassword = "Base-Pa55word-7c1d"
    static let oursPassword = "Ours-Pa55word-3e8a"
    static let theirsPassword = "Theirs-Pa55word-b42f"

    /// A git repository with one committed smtp credential `relay`, the merge driver set up
    /// by `hook install --merge`, and branch `theirs` next to `main`.
    final class Repo {
        let ws: Workspace
        let gitPath: String
        static let file = "credentials/relay.yaml"

        init(credential: String? = nil) throws {
            ws = try Workspace()
            gitPath = try PeerTool.require("git")
            try ws.write(".sops.yaml", "creation_rules:\n  - path_regex: ^credentials/\n    age: \(ws.recipient)\n")
            try ws.write(Self.file, credential ?? """
                name: relay
                type: smtp
                description: Relay
                host: smtp.example.com
                email: ops@example.com
                username: u@example.com
                password: \(MergeDriverTests.basePassword)

                """)
            try ws.expectOK(["encrypt", Self.file])
            try git(["init", "-q", "-b", "main"])
            try git(["config", "user.email", "t@example.com"])
            try git(["config", "user.name", "t"])
            try ws.expectOK(["hook", "install", "--merge"])
            // The driver must be this build, whatever `credfile` is on PATH.
            try git(["config", "merge.credfile.driver", "'\(CLI.binary)' merge-driver %O %A %B %P"])
            try git(["add", "-A"])
            try git(["commit", "-q", "-m", "init"])
            try git(["branch", "theirs"])
        }

        /// Runs git with no global or system config, and the test identity unless `key` is false
        /// (git passes its environment on to the merge driver).
        @discardableResult
        func git(_ args: [String], key: Bool = true, check: Bool = true) throws -> Subprocess.Result {
            var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SOPS_") && !$0.key.hasPrefix("GIT_") }
            env["HOME"] = ws.dir.url.path
            env["GIT_CONFIG_GLOBAL"] = "/dev/null"
            env["GIT_CONFIG_NOSYSTEM"] = "1"
            env["NO_COLOR"] = "1"
            if key { env["SOPS_AGE_KEY_FILE"] = ws.identityFile.path }
            let result = try Subprocess.run(
                gitPath, args, environment: env, replaceEnvironment: true, currentDirectory: ws.dir.url, timeout: 120)
            if check && result.status != 0 { throw Workspace.Failure("git \(args.joined(separator: " ")): \(result.err)") }
            return result
        }

        /// Makes a commit on `branch` with the credfile commands given.
        func commit(on branch: String, _ commands: [[String]]) throws {
            try git(["checkout", "-q", branch])
            for command in commands { try ws.expectOK(command) }
            try git(["commit", "-q", "-a", "-m", "change on \(branch)"])
        }

        /// `git merge theirs` on main.
        func merge() throws -> Subprocess.Result {
            try git(["checkout", "-q", "main"])
            return try git(["merge", "--no-edit", "theirs"], check: false)
        }

        func text(at ref: String) throws -> String { try git(["show", "\(ref):\(Self.file)"]).out }

        /// The working file decrypted by the real sops, and `credfile validate --decrypt` clean.
        func verifiedValues() throws -> [String: String] {
            let sops = try ws.sops(["decrypt", Self.file])
            #expect(sops.status == 0, "sops decrypt: \(sops.err)")
            let validate = try ws.credfile(["validate", "--decrypt"])
            #expect(validate.status == 0, "validate --decrypt: \(validate.out) \(validate.err)")
            return try PythonYAML.load(sops.out)
        }

        /// The line of `file`'s text starting with `prefix`.
        static func line(_ prefix: String, in text: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
        }

        /// The `age:` block of the `sops` metadata (the wrapped data keys).
        static func ageBlock(_ text: String) -> String {
            let lines = text.split(separator: "\n")
            guard let start = lines.firstIndex(of: "    age:") else { return "" }
            return lines[start...].prefix { $0 == "    age:" || $0.hasPrefix("      ") }.joined(separator: "\n")
        }
    }


    @Test(PeerTool.needs("git", "sops")) func differentFieldsMergeCleanly() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["set", "relay", "password=\(Self.theirsPassword)"]])
        try repo.commit(on: "main", [["set", "relay", "host=mail.example.org"]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        let values = try repo.verifiedValues()
        #expect(values["host"] == "mail.example.org")
        #expect(values["password"] == Self.theirsPassword)
        #expect(values["email"] == "ops@example.com")
        // Theirs' value keeps theirs' ciphertext (one data key): only their line differs.
        let merged = try repo.ws.read(Repo.file), theirs = try repo.text(at: "theirs")
        #expect(Repo.line("password:", in: merged) == Repo.line("password:", in: theirs))
        #expect(Repo.ageBlock(merged) == Repo.ageBlock(try repo.text(at: "HEAD^1")))
        #expect(try repo.git(["status", "--porcelain"]).out.isEmpty, "the merge was committed")
    }

    @Test(PeerTool.needs("git", "sops")) func sameFieldChangedDifferentlyConflictsWithoutValues() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["set", "relay", "password=\(Self.theirsPassword)", "host=mail.example.org"]])
        try repo.commit(on: "main", [["set", "relay", "password=\(Self.oursPassword)", "host=relay.example.net", "email=x@example.com"]])
        let ours = try repo.ws.read(Repo.file)
        let merge = try repo.merge()
        let output = merge.out + merge.err
        #expect(merge.status != 0)
        #expect(output.contains("credentials/relay.yaml: error: merge conflict: both branches changed 'host', 'password' differently"), "\(output)")
        #expect(output.contains("[merge.conflict]") && output.contains("credfile set relay FIELD=VALUE"))
        #expect(output.contains("CONFLICT"), "git reports the conflict")
        for value in [Self.basePassword, Self.oursPassword, Self.theirsPassword, "mail.example.org", "relay.example.net", "ENC["] {
            #expect(!output.contains(value), "the conflict message shows '\(value)'")
        }
        // Ours is kept, byte for byte: valid and verifiable.
        #expect(try repo.ws.read(Repo.file) == ours)
        #expect(try repo.verifiedValues()["password"] == Self.oursPassword)
        // The flow the README shows: pick each value with `set`, then add and commit.
        try repo.ws.expectOK(["set", "relay", "password=\(Self.theirsPassword)"])
        try repo.git(["add", Repo.file])
        try repo.git(["commit", "-q", "--no-edit"])
        let values = try repo.verifiedValues()
        #expect(values["password"] == Self.theirsPassword && values["host"] == "relay.example.net")
        #expect(values["email"] == "x@example.com")
    }

    @Test(PeerTool.needs("git", "sops")) func sameChangeOnBothSidesIsClean() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["set", "relay", "password=\(Self.theirsPassword)"]])
        try repo.commit(on: "main", [["set", "relay", "password=\(Self.theirsPassword)", "host=mail.example.org"]])
        #expect(try repo.text(at: "main") != repo.text(at: "theirs"), "different IVs: git calls the driver")
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        let values = try repo.verifiedValues()
        #expect(values["password"] == Self.theirsPassword && values["host"] == "mail.example.org")
    }

    @Test(PeerTool.needs("git", "sops")) func fieldOnOneSideRecipientOnTheOther() throws {
        let repo = try Repo()
        let other = repo.ws.dir.file("other-identity.txt")
        let keygen = try repo.ws.credfile(["keygen", "-o", other.path])
        let otherRecipient = keygen.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.commit(on: "theirs", [["recipients", "add", otherRecipient]])
        try repo.commit(on: "main", [["set", "relay", "host=mail.example.org"]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        #expect(try repo.verifiedValues()["host"] == "mail.example.org")
        let merged = try repo.ws.read(Repo.file)
        #expect(merged.contains(repo.ws.recipient) && merged.contains(otherRecipient))
        // The added recipient opens the merged file with the real sops.
        let sops = try Subprocess.run(
            try PeerTool.require("sops"), ["decrypt", Repo.file], environment: ["SOPS_AGE_KEY_FILE": other.path],
            currentDirectory: repo.ws.dir.url)
        #expect(sops.status == 0, "\(sops.err)")
        #expect(sops.out.contains("host: mail.example.org"))
    }

    @Test(PeerTool.needs("git", "sops")) func rotationOnOneSideGivesTheResultThatKey() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["rotate", "relay"]])
        try repo.commit(on: "main", [["set", "relay", "password=\(Self.oursPassword)"]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        #expect(try repo.verifiedValues()["password"] == Self.oursPassword)
        let merged = try repo.ws.read(Repo.file), theirs = try repo.text(at: "theirs"), base = try repo.text(at: "main~2")
        #expect(Repo.ageBlock(merged) == Repo.ageBlock(theirs), "the data key theirs rotated to")
        #expect(Repo.ageBlock(merged) != Repo.ageBlock(base))
        #expect(Repo.line("password:", in: merged) != Repo.line("password:", in: try repo.text(at: "main^1")))
    }

    @Test(PeerTool.needs("git", "sops")) func rotationOnBothSidesGivesANewKey() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["rotate", "relay"], ["set", "relay", "host=mail.example.org"]])
        try repo.commit(on: "main", [["rotate", "relay"], ["set", "relay", "password=\(Self.oursPassword)"]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        let values = try repo.verifiedValues()
        #expect(values["password"] == Self.oursPassword && values["host"] == "mail.example.org")
        let merged = Repo.ageBlock(try repo.ws.read(Repo.file))
        let (theirs, ours) = (Repo.ageBlock(try repo.text(at: "theirs")), Repo.ageBlock(try repo.text(at: "HEAD^1")))
        #expect(merged != theirs && merged != ours)
    }

    @Test(PeerTool.needs("git", "sops")) func removalOnOneSideAdditionOnTheOther() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["unset", "relay", "email"]])
        try repo.commit(on: "main", [["set", "relay", "port=587"]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        let values = try repo.verifiedValues()
        #expect(values["email"] == nil && values["port"] == "587" && values["password"] == Self.basePassword)
    }

    @Test(PeerTool.needs("git", "sops")) func additionOnTheirSideLandsWhereTheyPutIt() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["set", "relay", "port=587", "tls=true"]])
        try repo.commit(on: "main", [["unset", "relay", "email"]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        let values = try repo.verifiedValues()
        #expect(values["email"] == nil && values["port"] == "587" && values["tls"] == "True")
    }

    @Test(PeerTool.needs("git", "sops")) func removalAgainstAChangeConflicts() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["unset", "relay", "email"]])
        try repo.commit(on: "main", [["set", "relay", "email=new@example.com"]])
        let merge = try repo.merge()
        #expect(merge.status != 0)
        #expect((merge.out + merge.err).contains("both branches changed 'email' differently"))
    }

    /// A type change moves the selection rule (which fields are encrypted): it merges only
    /// when the other side changed no value.
    @Test(PeerTool.needs("git", "sops")) func typeChangeAgainstAValueChangeConflicts() throws {
        let repo = try Repo(credential: """
            name: relay
            type: generic
            description: Relay
            username: u@example.com
            password: \(Self.basePassword)

            """)
        try repo.commit(on: "theirs", [["set", "relay", "type=smtp", "host=smtp.example.com"]])
        try repo.commit(on: "main", [["set", "relay", "username=v@example.com"]])
        let merge = try repo.merge()
        #expect(merge.status != 0)
        #expect((merge.out + merge.err).contains("both branches changed 'type' differently"))
        #expect(try repo.verifiedValues()["type"] == "generic")
    }

    @Test(PeerTool.needs("git", "sops")) func typeChangeAgainstARecipientChangeMerges() throws {
        let repo = try Repo(credential: """
            name: relay
            type: generic
            description: Relay
            username: u@example.com
            password: \(Self.basePassword)

            """)
        let keygen = try repo.ws.credfile(["keygen", "-o", repo.ws.dir.file("other-identity.txt").path])
        let otherRecipient = keygen.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.commit(on: "theirs", [["set", "relay", "type=smtp", "host=smtp.example.com"]])
        try repo.commit(on: "main", [["recipients", "add", otherRecipient]])
        let merge = try repo.merge()
        #expect(merge.status == 0, "\(merge.out) \(merge.err)")
        let values = try repo.verifiedValues()
        #expect(values["type"] == "smtp" && values["host"] == "smtp.example.com")
        #expect(try repo.ws.read(Repo.file).contains(otherRecipient))
        #expect(try repo.ws.read(Repo.file).contains("encrypted_regex: ^(password)$"))
    }

    @Test(PeerTool.needs("git", "sops")) func mergeWithoutAKeyFailsSafely() throws {
        let repo = try Repo()
        try repo.commit(on: "theirs", [["set", "relay", "password=\(Self.theirsPassword)"]])
        try repo.commit(on: "main", [["set", "relay", "host=mail.example.org"]])
        let ours = try repo.ws.read(Repo.file)
        try repo.git(["checkout", "-q", "main"])
        let merge = try repo.git(["merge", "--no-edit", "theirs"], key: false, check: false)
        let output = merge.out + merge.err
        #expect(merge.status != 0)
        #expect(output.contains("[keys.no-identity]") && output.contains("needs a key"), "\(output)")
        #expect(!output.contains(Self.theirsPassword) && !output.contains("ENC["))
        #expect(try repo.ws.read(Repo.file) == ours, "ours kept, never a file with a broken MAC")
        _ = try repo.verifiedValues()
        // With the key, the merge runs again from git's stages.
        try repo.git(["checkout", "--merge", "--", Repo.file])
        let values = try repo.verifiedValues()
        #expect(values["password"] == Self.theirsPassword && values["host"] == "mail.example.org")
    }

    @Test(PeerTool.needs("git", "sops")) func bothBranchesCreatingTheSameCredential() throws {
        let repo = try Repo()
        let smtp = ["new", "mail", "--type", "smtp", "--description", "Mail", "host=smtp.example.com"]
        try repo.git(["checkout", "-q", "theirs"])
        try repo.ws.expectOK(smtp)
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "-m", "mail on theirs"])
        try repo.git(["checkout", "-q", "main"])
        try repo.ws.expectOK(smtp)
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "-m", "mail on main"])
        let merge = try repo.merge()
        #expect(merge.status == 0, "identical values: \(merge.out) \(merge.err)")
        _ = try repo.verifiedValues()
    }
}

extension MergeDriverTests {
    @Test(PeerTool.needs("git", "sops")) func bothBranchesCreatingItDifferentlyConflicts() throws {
        let repo = try Repo()
        for (branch, host) in [("theirs", "smtp.example.com"), ("main", "mail.example.org")] {
            try repo.git(["checkout", "-q", branch])
            try repo.ws.expectOK(["new", "mail", "--type", "smtp", "--description", "Mail", "host=\(host)", "port=587"])
            try repo.git(["add", "-A"])
            try repo.git(["commit", "-q", "-m", "mail on \(branch)"])
        }
        let ours = try repo.ws.read("credentials/mail.yaml")
        let merge = try repo.merge()
        #expect(merge.status != 0)
        #expect((merge.out + merge.err).contains("credentials/mail.yaml: error: merge conflict: both branches changed 'host' differently"))
        #expect(try repo.ws.read("credentials/mail.yaml") == ours)
    }

    /// `--merge` works beside a pre-commit hook credfile did not write (the pre-commit
    /// framework's), and a second run changes nothing.
    @Test(PeerTool.needs("git")) func hookInstallMergeBesideAForeignHookIsIdempotent() throws {
        let repo = try Repo()
        let hook = repo.ws.dir.file(".git/hooks/pre-commit")
        let foreign = "#!/bin/sh\n# pre-commit framework\nexit 0\n"
        try foreign.write(to: hook, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let result = try repo.ws.credfile(["hook", "install", "--merge"])
            #expect(result.status == 0, "\(result.err)")
            // What it left is a note (stderr); what it set is the command's result (stdout).
            #expect(result.err.contains("note: left") && result.out.contains("merge.credfile.driver"), "\(result.out) \(result.err)")
        }
        #expect(try String(contentsOf: hook, encoding: .utf8) == foreign)
        let attributes = try repo.ws.read(".gitattributes")
        #expect(attributes.components(separatedBy: "credentials/*.yaml merge=credfile\n").count == 2, "once: \(attributes)")
        #expect(try repo.git(["config", "merge.credfile.name"]).out.contains("credfile"))
        let driver = try repo.git(["config", "merge.credfile.driver"]).out
        #expect(driver.hasSuffix(" merge-driver %O %A %B %P\n"), "\(driver)")
        // Without --merge, a foreign hook is still refused.
        #expect(try repo.ws.credfile(["hook", "install"]).status == 2)
    }

    @Test(PeerTool.needs("git")) func initOffersAndSetsUpTheMergeDriver() throws {
        let ws = try Workspace()
        let git = try PeerTool.require("git")
        let env = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]
        _ = try Subprocess.run(git, ["init", "-q"], environment: env, currentDirectory: ws.dir.url)
        let offered = try CLI.run(["init", "--age", ws.recipient], in: ws.dir.url, environment: env)
        #expect(offered.status == 0, "\(offered.err)")
        #expect(offered.out.contains("credfile hook install --merge"), "offered in the next steps: \(offered.out)")
        let merge = try CLI.run(["init", "--merge"], in: ws.dir.url, environment: env)
        #expect(merge.status == 0, "\(merge.err)")
        #expect(try ws.read(".gitattributes").contains("credentials/*.yaml merge=credfile"))
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file(".git/hooks/pre-commit").path), "no hook written")
        let again = try CLI.run(["init"], in: ws.dir.url, environment: env)
        #expect(again.status == 0 && !again.out.contains("hook install --merge"), "set up: not offered again")
    }
}

extension Workspace {
    /// Runs credfile and fails unless it succeeds.
    func expectOK(_ args: [String]) throws {
        let result = try credfile(args)
        guard result.status == 0 else { throw Failure("credfile \(args.joined(separator: " ")) (\(result.status)): \(result.err)") }
    }
}
