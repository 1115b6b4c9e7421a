import CredfileTestSupport
import Foundation
import Testing

/// The age-side key sources of issue 14, each checked against real sops 3.11: ssh keys
/// (ssh-ed25519, ssh-rsa) as recipients and identities, passphrase-encrypted identity files,
/// `SOPS_AGE_RECIPIENTS`, and a missing `SOPS_AGE_KEY_FILE` beside a working key.
@Suite struct KeySourceTests {
    static let plain = "user: mailer\npassword: hunter2-secret\n"

    /// An unencrypted ssh key pair from ssh-keygen in `directory`: (private key, public line).
    static func sshKey(_ type: String, at key: URL) throws -> (URL, String) {
        let keygen = try PeerTool.require("ssh-keygen")
        try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
        let size = type == "rsa" ? ["-b", "2048"] : []
        let result = try Subprocess.run(keygen, ["-q", "-t", type] + size + ["-N", "", "-C", "me@host", "-f", key.path])
        try #require(result.status == 0, "ssh-keygen: \(result.err)")
        let line = try String(contentsOf: URL(fileURLWithPath: key.path + ".pub"), encoding: .utf8)
        return (key, line.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func sops(_ ws: Workspace, _ args: [String], _ environment: [String: String]) throws -> Subprocess.Result {
        try Subprocess.run(
            try PeerTool.require("sops"), args, environment: environment.merging(["HOME": ws.dir.url.path]) { $1 },
            currentDirectory: ws.dir.url)
    }

    // MARK: ssh keys

    @Test(PeerTool.needs("ssh-keygen", "sops"), arguments: ["ed25519", "rsa"])
    func sopsFileForSSHKeyDecryptsWithCredfile(_ type: String) throws {
        let ws = try Workspace()
        let (key, line) = try Self.sshKey(type, at: ws.dir.file("keys/id_\(type)"))
        try ws.write("plain.yaml", Self.plain)
        let encrypted = try Self.sops(ws, ["encrypt", "--age", line, "plain.yaml"], [:])
        try #require(encrypted.status == 0, "sops: \(encrypted.err)")
        try ws.write("smtp.yaml", encrypted.out)
        let viaVariable = try ws.credfile(["decrypt", "smtp.yaml"], identity: false)
        #expect(viaVariable.status == 128, "no ssh key configured yet")
        let result = try CLI.run(
            ["decrypt", "smtp.yaml"], in: ws.dir.url, environment: ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": key.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("password: hunter2-secret"))
    }

    /// sops 3.11 looks at ~/.ssh/id_ed25519 and ~/.ssh/id_rsa without being told.
    @Test(PeerTool.needs("ssh-keygen", "sops"), arguments: ["ed25519", "rsa"])
    func defaultSSHKeyInHomeIsFound(_ type: String) throws {
        let ws = try Workspace()
        let (_, line) = try Self.sshKey(type, at: ws.dir.file(".ssh/id_\(type)"))  // HOME is the workspace
        try ws.write("plain.yaml", Self.plain)
        let encrypted = try Self.sops(ws, ["encrypt", "--age", line, "plain.yaml"], [:])
        try #require(encrypted.status == 0, "sops: \(encrypted.err)")
        try ws.write("smtp.yaml", encrypted.out)
        #expect(try Self.sops(ws, ["decrypt", "smtp.yaml"], [:]).status == 0, "sops finds the key in ~/.ssh")
        let result = try ws.credfile(["decrypt", "smtp.yaml"], identity: false)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("password: hunter2-secret"))
    }

    @Test(PeerTool.needs("ssh-keygen", "sops"), arguments: ["ed25519", "rsa"])
    func credfileEncryptsToSSHKeyAsSopsDoes(_ type: String) throws {
        let ws = try Workspace()
        let (key, line) = try Self.sshKey(type, at: ws.dir.file("keys/id_\(type)"))
        try ws.write("smtp.yaml", Self.plain)
        let result = try ws.credfile(["encrypt", "--age", line, "--age", ws.recipient, "smtp.yaml"])
        #expect(result.status == 0, "\(result.err)")
        let text = try ws.read("smtp.yaml")
        // sops writes the recipient as given, comment included.
        #expect(text.contains("- recipient: \(line)\n"))
        let decrypted = try Self.sops(ws, ["decrypt", "smtp.yaml"], ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": key.path])
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out.contains("password: hunter2-secret"))
    }

    @Test(PeerTool.needs("ssh-keygen", "sops"))
    func recipientsAddTakesAnSSHKey() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let (key, line) = try Self.sshKey("ed25519", at: ws.dir.file("keys/id_ed25519"))
        let result = try ws.credfile(["recipients", "add", line])
        #expect(result.status == 0, "\(result.err)")
        #expect(try ws.read(".sops.yaml").contains(line))
        let ours = try CLI.run(["decrypt", ws.smtpFile], in: ws.dir.url, environment: ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": key.path])
        #expect(ours.status == 0, "\(ours.err)")
        let theirs = try Self.sops(ws, ["decrypt", ws.smtpFile], ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": key.path])
        #expect(theirs.status == 0, "\(theirs.err)")
    }

    /// A passphrase-protected ~/.ssh/id_ed25519, as sops 3.11: the passphrase is asked on
    /// the terminal (only because the file is encrypted to that key); without a terminal, a
    /// clear error naming the key.
    @Test(PeerTool.needs("ssh-keygen", "sops", "setsid"))
    func passphraseProtectedSSHKeyIsAskedForOnTheTerminal() throws {
        let ws = try Workspace()
        let key = ws.dir.file(".ssh/id_ed25519")
        try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
        let made = try Subprocess.run(try PeerTool.require("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "pass phrase", "-f", key.path])
        try #require(made.status == 0)
        let line = try String(contentsOf: URL(fileURLWithPath: key.path + ".pub"), encoding: .utf8)
        try ws.write("smtp.yaml", Self.plain)
        #expect(try ws.credfile(["encrypt", "--age", line, "smtp.yaml"]).status == 0)
        // A file not encrypted to the key asks nothing (and still decrypts with the age key).
        try ws.encrypt("other.yaml", Self.plain, regex: "^password$")
        let quiet = try PTY.run(ws, ["decrypt", "other.yaml"], steps: [])
        #expect(quiet.status == 0 && !quiet.output.contains("Enter passphrase"), "\(quiet.output)")
        let outcome = try PTY.run(ws, ["decrypt", "smtp.yaml"], steps: [
            PTY.Step(expect: "Enter passphrase for identity file '\(key.path)': ", send: "pass phrase\n")
        ], identity: false)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("password: hunter2-secret"))
        #expect(!outcome.output.contains("pass phrase"), "the passphrase is not echoed")
        // Without a terminal sops cannot ask either (setsid: no controlling terminal, so
        // neither tool can open /dev/tty and wait on the developer's).
        let theirs = try Subprocess.run(
            try PeerTool.require("setsid"), ["-w", try PeerTool.require("sops"), "decrypt", "smtp.yaml"],
            environment: ["HOME": ws.dir.url.path, "PATH": "/usr/bin:/bin"], replaceEnvironment: true,
            currentDirectory: ws.dir.url, timeout: 60)
        #expect(theirs.status != 0, "sops needs a terminal for the passphrase too")
        let result = try Subprocess.run(
            try PeerTool.require("setsid"), ["-w", CLI.binary, "decrypt", "smtp.yaml"],
            environment: ["HOME": ws.dir.url.path, "PATH": "/usr/bin:/bin"], replaceEnvironment: true,
            currentDirectory: ws.dir.url, timeout: 60)
        #expect(result.status == 128)
        #expect(result.err.contains("the ssh key \(key.path) is encrypted with a passphrase, and there is no terminal to ask for it"))
    }

    // MARK: passphrase-encrypted identity files

    /// Replaces the workspace identity with itself encrypted under `passphrase` (pyrage, the
    /// passphrase recipient of the rage implementation), armored or binary.
    static func lockIdentity(_ ws: Workspace, passphrase: String, armored: Bool) throws {
        let script = """
            import os, sys, pyrage
            data = open(sys.argv[1], "rb").read()
            sys.stdout.buffer.write(pyrage.passphrase.encrypt(data, os.environ["PASSPHRASE"], armored=sys.argv[2] == "1"))
            """
        let result = try Subprocess.run(
            try PeerTool.require("python3"), ["-c", script, ws.identityFile.path, armored ? "1" : "0"],
            environment: ["PASSPHRASE": passphrase])
        try #require(result.status == 0, "pyrage: \(result.err)")
        try result.stdout.write(to: ws.identityFile)
    }


    @Test(PeerTool.needsPython("pyrage"), PeerTool.needs("sops"), arguments: [true, false])
    func encryptedIdentityFileAsksThePassphraseOnTheTerminal(_ armored: Bool) throws {
        let ws = try Workspace()
        try ws.encrypt("smtp.yaml", Self.plain, regex: "^password$")
        try Self.lockIdentity(ws, passphrase: "tr0ub4dor &3", armored: armored)
        let outcome = try PTY.run(ws, ["decrypt", "smtp.yaml"], steps: [
            PTY.Step(expect: "Enter passphrase for identity file '\(ws.identityFile.path)': ", send: "tr0ub4dor &3\n")
        ])
        #expect(outcome.failedStep == nil && !outcome.hung)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("password: hunter2-secret"))
        #expect(!outcome.output.contains("tr0ub4dor"), "the passphrase is not echoed")
    }

    @Test(PeerTool.needsPython("pyrage"), PeerTool.needs("sops"))
    func wrongPassphraseFailsWithNoIdentity() throws {
        let ws = try Workspace()
        try ws.encrypt("smtp.yaml", Self.plain, regex: "^password$")
        try Self.lockIdentity(ws, passphrase: "right", armored: true)
        let outcome = try PTY.run(ws, ["decrypt", "smtp.yaml"], steps: [
            PTY.Step(expect: "Enter passphrase for identity file", send: "wrong\n")
        ])
        #expect(outcome.status == 128)
        #expect(outcome.output.contains("incorrect passphrase for the identity file \(ws.identityFile.path)"))
    }

    /// Without a controlling terminal (`setsid`), nobody can be asked: a clear error at once,
    /// never a read of standard input.
    @Test(PeerTool.needsPython("pyrage"), PeerTool.needs("sops", "setsid"))
    func encryptedIdentityWithoutTerminalFailsClearly() throws {
        let ws = try Workspace()
        try ws.encrypt("smtp.yaml", Self.plain, regex: "^password$")
        try Self.lockIdentity(ws, passphrase: "right", armored: true)
        let environment = ["HOME": ws.dir.url.path, "PATH": "/usr/bin:/bin", "SOPS_AGE_KEY_FILE": ws.identityFile.path]
        let result = try Subprocess.run(
            try PeerTool.require("setsid"), ["-w", CLI.binary, "decrypt", "smtp.yaml"], stdin: Data("right\n".utf8),
            environment: environment, replaceEnvironment: true, currentDirectory: ws.dir.url, timeout: 60)
        #expect(result.status == 128)
        #expect(result.err.contains("is encrypted with a passphrase, and there is no terminal to ask for it"))
        #expect(!result.out.contains("hunter2"))
    }

    /// The passphrase is asked only when no other identity opens the file (sops's lazy
    /// `EncryptedIdentity`): a working SOPS_AGE_KEY means no question at all.
    @Test(PeerTool.needsPython("pyrage"), PeerTool.needs("sops", "setsid"))
    func encryptedIdentityIsNotOpenedWhenAnotherKeyWorks() throws {
        let ws = try Workspace()
        try ws.encrypt("smtp.yaml", Self.plain, regex: "^password$")
        let key = try String(contentsOf: ws.identityFile, encoding: .utf8)
        try Self.lockIdentity(ws, passphrase: "right", armored: true)
        let environment = [
            "HOME": ws.dir.url.path, "PATH": "/usr/bin:/bin", "SOPS_AGE_KEY_FILE": ws.identityFile.path, "SOPS_AGE_KEY": key,
        ]
        let result = try Subprocess.run(
            try PeerTool.require("setsid"), ["-w", CLI.binary, "decrypt", "smtp.yaml"], environment: environment,
            replaceEnvironment: true, currentDirectory: ws.dir.url, timeout: 60)
        #expect(result.status == 0, "\(result.err)")
    }

    // MARK: SOPS_AGE_RECIPIENTS

    static func recipients(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix("        - recipient: ") ? String(line.dropFirst("        - recipient: ".count)) : nil
        }
    }

    @Test(PeerTool.needs("ssh-keygen", "sops"))
    func sopsAgeRecipientsWithoutConfigAsSops() throws {
        let ws = try Workspace()
        let (_, line) = try Self.sshKey("ed25519", at: ws.dir.file("keys/id_ed25519"))
        let variable = [" \(ws.recipient) ", line].joined(separator: ",")
        try ws.write("theirs.yaml", Self.plain)
        let theirs = try Self.sops(ws, ["encrypt", "-i", "theirs.yaml"], ["SOPS_AGE_RECIPIENTS": variable])
        try #require(theirs.status == 0, "sops: \(theirs.err)")
        try ws.write("ours.yaml", Self.plain)
        let ours = try CLI.run(["encrypt", "ours.yaml"], in: ws.dir.url, environment: ["SOPS_AGE_RECIPIENTS": variable])
        #expect(ours.status == 0, "\(ours.err)")
        #expect(Self.recipients(try ws.read("ours.yaml")) == [ws.recipient, line])
        #expect(Self.recipients(try ws.read("ours.yaml")) == Self.recipients(try ws.read("theirs.yaml")))
    }

    /// The variable is the `--age` flag's own in sops: it wins over `.sops.yaml`, and `--age`
    /// wins over it.
    @Test(PeerTool.needs("sops"))
    func sopsAgeRecipientsPrecedenceAsSops() throws {
        let ws = try Workspace()
        let other = try ws.credfile(["keygen", "-o", ws.dir.file("other.txt").path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let third = try ws.credfile(["keygen", "-o", ws.dir.file("third.txt").path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try ws.write(".sops.yaml", "creation_rules:\n  - age: \(ws.recipient)\n")
        for (name, flag) in [("env", [String]()), ("flag", ["--age", third])] {
            try ws.write("theirs-\(name).yaml", Self.plain)
            try ws.write("ours-\(name).yaml", Self.plain)
            let theirs = try Self.sops(ws, ["encrypt", "-i"] + flag + ["theirs-\(name).yaml"], ["SOPS_AGE_RECIPIENTS": other])
            try #require(theirs.status == 0, "sops: \(theirs.err)")
            let ours = try CLI.run(
                ["encrypt"] + flag + ["ours-\(name).yaml"], in: ws.dir.url, environment: ["SOPS_AGE_RECIPIENTS": other])
            #expect(ours.status == 0, "\(ours.err)")
            #expect(Self.recipients(try ws.read("ours-\(name).yaml")) == Self.recipients(try ws.read("theirs-\(name).yaml")))
            #expect(Self.recipients(try ws.read("ours-\(name).yaml")) == [flag.isEmpty ? other : third])
        }
    }

    // MARK: a missing SOPS_AGE_KEY_FILE

    @Test(PeerTool.needs("sops"))
    func missingKeyFileBesideAWorkingKeyIsAWarning() throws {
        let ws = try Workspace()
        try ws.encrypt("smtp.yaml", Self.plain, regex: "^password$")
        let environment = [
            "SOPS_AGE_KEY_FILE": ws.dir.file("missing.txt").path,
            "SOPS_AGE_KEY": try String(contentsOf: ws.identityFile, encoding: .utf8),
        ]
        #expect(try Self.sops(ws, ["decrypt", "smtp.yaml"], environment).status == 0)
        let ours = try CLI.run(["decrypt", "smtp.yaml"], in: ws.dir.url, environment: environment)
        #expect(ours.status == 0, "\(ours.err)")
        #expect(ours.out.contains("password: hunter2-secret"))
        #expect(ours.err.contains("warning: SOPS_AGE_KEY_FILE: \(ws.dir.file("missing.txt").path): no such file"))
        // Alone, the missing file is still an error (file I/O), as before.
        let alone = try CLI.run(["decrypt", "smtp.yaml"], in: ws.dir.url, environment: ["SOPS_AGE_KEY_FILE": ws.dir.file("missing.txt").path])
        #expect(alone.status == 3)
    }
}
