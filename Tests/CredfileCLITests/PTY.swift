import CredfileTestSupport
import Foundation

/// Drives the built binary through a pseudo-terminal with the venv's python `pty` module:
/// waits for each expected prompt, types the answer, and returns everything the terminal
/// showed — including what it echoed, so a test can assert a secret was *not* echoed.
enum PTY {
    /// One exchange: wait for `expect` in the terminal output, then type `send`.
    struct Step: Encodable {
        var expect: String
        var send: String
    }

    struct Outcome: Decodable {
        var status: Int
        var output: String
        /// The step whose prompt never came (nil when all came).
        var failedStep: Int?
        /// The program still waited for input after the last step and was killed.
        var hung: Bool
    }

    static let driver = #"""
    import base64, json, os, pty, select, sys, time
    spec = json.loads(sys.stdin.read())
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(spec["cwd"])
        os.execve(spec["argv"][0], spec["argv"], spec["env"])
    out, pos, failed = b"", 0, None
    def pump(deadline):
        global out
        r, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
        if not r: return False
        try: chunk = os.read(fd, 4096)
        except OSError: return None
        if not chunk: return None
        out += chunk
        return True
    for i, step in enumerate(spec["steps"]):
        deadline = time.time() + 20
        want = step["expect"].encode()
        while out.find(want, pos) < 0:
            if time.time() > deadline or pump(deadline) is None: failed = i; break
        if failed is not None: break
        pos = out.find(want, pos) + len(want)
        time.sleep(0.05)
        os.write(fd, step["send"].encode())
    if failed is not None:
        os.kill(pid, 9)
    deadline = time.time() + 20
    while time.time() < deadline and pump(deadline) is not None: pass
    # Still running after the last answer and 20 s: it waits for input nobody will type.
    # Killed, so a test fails with what the terminal showed instead of hanging the suite.
    hung, end = False, time.time() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done: break
        if time.time() > end:
            hung = True
            os.kill(pid, 9)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.02)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    print(json.dumps({"status": code, "output": out.decode("utf-8", "replace"), "failedStep": failed, "hung": hung}))
    """#

    /// Runs `credfile ARGS` in `ws` on a terminal, answering `steps` in order.
    static func run(_ ws: Workspace, _ args: [String], steps: [Step], identity: Bool = true) throws -> Outcome {
        struct Spec: Encodable {
            var argv: [String], cwd: String, env: [String: String], steps: [Step]
        }
        var env = TestEnvironment.forCredfile(inherited: ProcessInfo.processInfo.environment, home: ws.dir.url.path)
        env["TERM"] = "dumb"
        if identity { env["SOPS_AGE_KEY_FILE"] = ws.identityFile.path }
        let spec = Spec(argv: [CLI.binary] + args, cwd: ws.dir.url.path, env: env, steps: steps)
        let python = try PeerTool.require("python3")
        let result = try Subprocess.run(python, ["-c", driver], stdin: try JSONEncoder().encode(spec))
        guard result.status == 0 else { throw Workspace.Failure("pty driver: \(result.err)") }
        return try JSONDecoder().decode(Outcome.self, from: result.stdout)
    }
}
