public import Foundation

/// Runs a program to completion, feeding stdin and capturing stdout and stderr.
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

    /// Runs `executable` with `arguments`. `environment` entries are added to (or, with
    /// `replaceEnvironment`, replace) the current environment. Output is read concurrently
    /// so a chatty child cannot dead-lock on a full pipe.
    ///
    /// A child still running after `timeout` seconds is killed and `TimedOut` thrown: a test
    /// that waits for something that never comes fails with the command's name instead of
    /// holding the whole suite (and CI) until its outer limit.
    public static func run(
        _ executable: String, _ arguments: [String], stdin: Data? = nil,
        environment: [String: String] = [:], replaceEnvironment: Bool = false,
        currentDirectory: URL? = nil, timeout: Double = 900
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = replaceEnvironment ? [:] : ProcessInfo.processInfo.environment
        // sops phones home for a version check unless told not to; there is no network here.
        env["SOPS_DISABLE_VERSION_CHECK"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
        // Not waitUntilExit(): on Linux it polls and adds ~50 ms to every run after the first.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let group = DispatchGroup()
        // Written by the readers before `group.leave()`, read only after `group.wait()`.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let stdin {
            try? inPipe.fileHandleForWriting.write(contentsOf: stdin)
            try? inPipe.fileHandleForWriting.close()
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            _ = group.wait(timeout: .now() + 5)
            throw TimedOut(command: ([executable] + arguments.prefix(3)).joined(separator: " "), seconds: timeout)
        }
        group.wait()
        return Result(
            status: process.terminationStatus, stdout: outData, stderr: errData,
            signaled: process.terminationReason == .uncaughtSignal)
    }
}
