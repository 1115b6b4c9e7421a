#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A program to run as a child process and how to connect its standard streams; `run()`
/// starts it with `posix_spawn` and waits for it.
///
/// The one way credfile and its tests start programs. Not Foundation's `Process`: on the Swift
/// 6.3 Linux toolchain `Process.run` crashed intermittently (SIGSEGV in the test suite), and it
/// moves the child into a process group of its own, where an editor cannot use the terminal.
/// The child here stays in credfile's process group, starts with every signal at its default
/// disposition and none blocked, and inherits no file descriptor but 0, 1 and 2.
public struct ChildProcess: Sendable {
    /// Where the child's standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`: the child reads end-of-file at once.
        case null
        /// credfile's own standard input (for an editor on the terminal).
        case inherit
        /// These bytes through a pipe, written while the output is read, then end-of-file.
        case bytes(Data)
    }

    /// Where the child's standard output or standard error goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case null
        /// credfile's own stream.
        case inherit
        /// A pipe, collected into `Result.stdout` or `Result.stderr`.
        case capture
    }

    /// An absolute path, a path relative to `directory` (it contains a slash), or a bare name
    /// looked up on the `PATH` the child will get, as `/usr/bin/env` would (default
    /// `/usr/bin:/bin`; empty entries, which would mean the working directory, are skipped).
    /// It is also the child's `argv[0]`.
    public var executable: String
    /// The arguments after `argv[0]`.
    public var arguments: [String]
    /// The child's working directory; nil keeps credfile's.
    public var directory: String?
    /// The child's whole environment; nil passes credfile's own.
    public var environment: [String: String]?
    public var standardInput: Input
    public var standardOutput: Output
    public var standardError: Output
    /// Seconds after which a child still running is killed with SIGKILL (`Result.timedOut`).
    /// nil waits for ever.
    public var timeout: Double?
    /// Seconds the output is still read after the child has ended; then the pipes are closed
    /// even if a grandchild still holds them (nil: read to end-of-file, however long).
    public var outputGrace: Double?

    /// Describes a run; nothing starts until `run()`.
    public init(
        _ executable: String, _ arguments: [String] = [], directory: String? = nil,
        environment: [String: String]? = nil, standardInput: Input = .null,
        standardOutput: Output = .capture, standardError: Output = .capture, timeout: Double? = nil,
        outputGrace: Double? = nil
    ) {
        self.outputGrace = outputGrace
        self.executable = executable
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.timeout = timeout
    }

    /// What a finished run produced.
    public struct Result: Sendable {
        /// How the child ended.
        public var termination: Termination
        /// What it wrote to standard output (empty unless `.capture`).
        public var stdout: Data
        /// What it wrote to standard error (empty unless `.capture`).
        public var stderr: Data
        /// It outlived `timeout` and was killed (`termination` is then `.signaled(SIGKILL)`).
        public var timedOut: Bool
    }
}

/// How a child process ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// It called `exit` with this status (0–255).
    case exited(Int32)
    /// A signal with this number ended it.
    case signaled(Int32)

    /// The status as a shell reports it (`$?`): the exit status, or 128 + the signal number.
    public var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }
}

/// A child process that could not be started, or whose end could not be observed.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// `ChildProcess.executable` as given.
    public var executable: String
    /// The `errno` value behind the failure (`ENOENT` for a program that does not exist).
    public var code: Int32
    /// One line for a person: what failed and the system's reason.
    public var description: String
}
