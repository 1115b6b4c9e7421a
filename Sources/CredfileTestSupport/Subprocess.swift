import CredfilePOSIX
public import Foundation

/// Runs a program to completion, feeding stdin and capturing stdout and stderr.
///
/// Through `ChildProcess` (posix_spawn): Foundation's `Process.run` crashed the test run
/// intermittently with SIGSEGV on this toolchain.
public enum Subprocess {
    /// The outcome of one run.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var out: String { String(decoding: stdout, as: UTF8.self) }
        public var err: String { String(decoding: stderr, as: UTF8.self) }
        /// True when the process ended by a signal rather than by exit.
        public var signaled: Bool
    }

    /// A run that outlived its time limit; the child was killed.
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var seconds: Double
        public var description: String { "\(command) did not end within \(Int(seconds)) s and was killed" }
    }

    /// Runs `executable` with `arguments`. `environment` entries are added to the runner's
    /// environment less what must not reach a peer (`TestEnvironment.forPeer`: `SOPS_*`,
    /// `GITHUB_*`, the user's git configuration), or with `replaceEnvironment` are all it gets. Input is written while the
    /// output is read, so a chatty child cannot dead-lock on a full pipe.
    ///
    /// A child still running after `timeout` seconds is killed and `TimedOut` thrown: a test
    /// that waits for something that never comes fails with the command's name instead of
    /// holding the whole suite (and CI) until its outer limit. Output is read for at most 5 s
    /// after the child has ended, so a grandchild that inherited the pipes cannot hold the run.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String] = [:], replaceEnvironment: Bool = false,
        currentDirectory: URL? = nil, timeout: Double = 900
    ) throws -> Result {
        var env = TestEnvironment.forPeer(inherited: replaceEnvironment ? [:] : ProcessInfo.processInfo.environment)
        for (k, v) in environment { env[k] = v }
        let child = ChildProcess(
            executable, arguments, directory: currentDirectory?.path, environment: env,
            standardInput: stdin.map { .bytes($0) } ?? .null, timeout: timeout, outputGrace: 5)
        let result = try child.run()
        if result.timedOut {
            throw TimedOut(command: ([executable] + arguments.prefix(3)).joined(separator: " "), seconds: timeout)
        }
        // As Foundation reported it: the exit status, or the number of the signal.
        switch result.termination {
        case .exited(let code):
            return Result(status: code, stdout: result.stdout, stderr: result.stderr, signaled: false)
        case .signaled(let signal):
            return Result(status: signal, stdout: result.stdout, stderr: result.stderr, signaled: true)
        }
    }
}
