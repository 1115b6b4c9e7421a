import CredfileTestSupport
import Foundation
import Testing

/// `set --prompt` on a real pseudo-terminal (the venv's python `pty` module drives it).
@Suite struct SetPromptTests {
    /// Runs ARGV on a pty, answers each prompt in turn, prints everything the terminal showed.
    static let driver = """
        import os, pty, select, sys, time
        answers = sys.argv[1].split(",")
        argv = sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(argv[0], argv)
        out = b""
        def read_until(marker, timeout=30):
            global out
            end = time.time() + timeout
            while marker not in out and time.time() < end:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(fd, 1024)
                    except OSError:
                        return
                    if not chunk:
                        return
                    out += chunk
        for answer in answers:
            read_until(b": ")
            os.write(fd, answer.encode() + b"\\n")
            read_until(b"\\n")
            time.sleep(0.1)
        read_until(b"\\x00", timeout=10)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(out.decode("utf-8", "replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    func drive(_ ws: Workspace, answers: [String]) throws -> Subprocess.Result {
        let script = try ws.write("pty-driver.py", Self.driver)
        return try Subprocess.run(
            try PeerTool.require("python3"),
            [script.path, answers.joined(separator: ","), CLI.binary, "set", "smtp-prod", "--prompt", "password"],
            environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path, "NO_COLOR": "1"], currentDirectory: ws.dir.url)
    }

    @Test(.enabled(if: PeerTool.runnable("python3")))
    func promptsTwiceWithoutEcho() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try drive(ws, answers: ["pty-secret-4821", "pty-secret-4821"])
        #expect(result.status == 0, "\(result.out)")
        #expect(result.out.contains("password: ") && result.out.contains("password (again): "))
        #expect(!result.out.contains("pty-secret-4821"), "the terminal echoed the secret")
        #expect(try ws.credfile(["decrypt", "--extract", "password", ws.smtpFile]).out == "pty-secret-4821")
    }

    @Test(.enabled(if: PeerTool.runnable("python3")))
    func differentEntriesWriteNothing() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let result = try drive(ws, answers: ["first-entry-1", "second-entry-2"])
        #expect(result.status == 2)
        #expect(result.out.contains("differ") && !result.out.contains("entry-"))
        #expect(try ws.read(ws.smtpFile) == before)
    }
}
