import CredfilePOSIX
public import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A server a test starts and always stops: a child process run on its own thread (through
/// `ChildProcess`, posix_spawn) with a hard lifetime, stopped with SIGTERM by `stop()` or when
/// the value is released.
///
/// Servers announce readiness by writing a file (`waitForFile`), so no port is guessed: the
/// server binds port 0 and writes the port it got.
public final class BackgroundProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: Int32 = 0
    private var outcome: ChildProcess.Result?
    private let finished = DispatchSemaphore(value: 0)
    private let command: String

    /// Starts `executable`; `lifetime` seconds later it is killed whatever happens.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], lifetime: Double = 300) throws {
        command = ([executable] + arguments).joined(separator: " ")
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let child = ChildProcess(executable, arguments, environment: env, timeout: lifetime)
        let started = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [self] in
            let result = try? child.run(started: { pid in
                self.lock.withLock { self.pid = pid }
                started.signal()
            })
            lock.withLock { outcome = result }
            if result == nil { started.signal() }  // spawn failed: do not leave init waiting
            finished.signal()
        }
        guard started.wait(timeout: .now() + 30) == .success, lock.withLock({ pid }) != 0 else {
            throw Failure(description: "\(command) could not be started")
        }
    }

    /// Waits (at most `seconds`) for the server's ready file and returns its contents; throws
    /// with the server's own output when it exits first or never writes it.
    public func waitForFile(_ url: URL, seconds: Double) throws -> Data {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: url.path) { return data }
            if finished.wait(timeout: .now() + 0.05) == .success {
                finished.signal()
                let output = lock.withLock { outcome.map { String(decoding: $0.stderr + $0.stdout, as: UTF8.self) } } ?? ""
                throw Failure(description: "\(command) exited before it was ready:\n\(output.suffix(3000))")
            }
        }
        stop()
        throw Failure(description: "\(command) was not ready within \(Int(seconds)) s")
    }

    /// Stops the server (SIGTERM) and waits for it; safe to call more than once.
    public func stop() {
        let pid = lock.withLock { self.pid }
        guard pid != 0 else { return }
        if finished.wait(timeout: .now()) == .success {
            finished.signal()
            return
        }
        kill(pid, SIGTERM)
        if finished.wait(timeout: .now() + 10) != .success { kill(pid, SIGKILL) } else { finished.signal() }
    }

    deinit { stop() }

    /// A server that did not come up.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }
}
