#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension ChildProcess {
    /// Starts the child, reports its pid to `started` (on this thread, before any output is
    /// read: the caller may want to signal it), feeds its input and collects its output, and
    /// waits for it to end.
    ///
    /// Throws `ChildProcessError` when the program cannot be found or started (`posix_spawn`
    /// reports a failed `exec` as its own error, so a missing program is an error here, never
    /// a child exiting 127); a child's non-zero exit is not an error.
    public func run(started: (Int32) -> Void = { _ in }) throws(ChildProcessError) -> Result {
        let path = try resolvedExecutable()
        var streams = try Streams(stdin: standardInput, stdout: standardOutput, stderr: standardError, executable: executable)
        defer { streams.closeAll() }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        streams.addActions(&actions)
        // Every descriptor above 2 closed in the child, not only our own pipes (those are
        // O_CLOEXEC anyway): another thread may have opened a file without O_CLOEXEC.
        if let closeFrom = SpawnExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        if let directory {
            guard let addChdir = SpawnExtensions.addChdir else {
                throw ChildProcessError(executable: executable, code: ENOSYS, description: "cannot start \(executable) in \(directory): this C library cannot change directory in posix_spawn")
            }
            _ = directory.withCString { addChdir(&actions, $0) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals credfile ignores (SIGINT while it cleans up, SIGPIPE) would stay ignored in
        // the child, and a blocked mask would be inherited: reset both, as a shell does.
        // No POSIX_SPAWN_SETPGROUP: the child stays in credfile's (foreground) process group.
        var defaults = sigset_t()
        sigfillset(&defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for pointer in envp ?? [] { free(pointer) } }

        var pid = pid_t()
        let code: Int32
        if let envp {
            code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        } else {
            code = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        }
        // The child has its copies; ours must go, or reading its output never sees end-of-file.
        streams.closeChildEnds()
        guard code == 0 else {
            let place = directory.map { " in \($0)" } ?? ""
            throw ChildProcessError(executable: executable, code: code, description: "cannot start \(executable)\(place): \(String(cString: strerror(code)))")
        }
        started(pid)

        let deadline = timeout.map { Clock.now() + $0 }
        var reaped: Int32?
        var timedOut = streams.exchange(pid: pid, deadline: deadline, grace: outputGrace, reaped: &reaped)
        let status: Termination
        if let reaped {
            status = Self.termination(reaped)
        } else {
            status = try wait(pid, deadline: deadline, timedOut: &timedOut)
        }
        return Result(termination: status, stdout: Data(streams.stdout), stderr: Data(streams.stderr), timedOut: timedOut)
    }

    /// The path to hand to `posix_spawn`.
    func resolvedExecutable() throws(ChildProcessError) -> String {
        if executable.contains("/") { return executable }
        let searchPath: String
        if let environment {
            searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        } else {
            searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        }
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw ChildProcessError(executable: executable, code: ENOENT, description: "cannot start \(executable): not found on PATH")
    }

    /// Reaps the child, `waitpid` retried on EINTR. With a deadline it polls, so that a child
    /// that closed its output but keeps running is still killed in time.
    private func wait(_ pid: pid_t, deadline: Double?, timedOut: inout Bool) throws(ChildProcessError) -> Termination {
        var status: Int32 = 0
        var pause = 0.000_5
        while true {
            let options = deadline == nil || timedOut ? 0 : WNOHANG
            let reaped = waitpid(pid, &status, options)
            if reaped == pid { break }
            if reaped < 0 {
                if errno == EINTR { continue }
                // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN in this process).
                throw ChildProcessError(executable: executable, code: errno, description: "lost track of \(executable) (pid \(pid)): \(String(cString: strerror(errno)))")
            }
            // Still running, with a deadline. Only this function reaps the child, so the pid
            // cannot have been reused: killing it is safe.
            guard let deadline else { continue }
            let left = deadline - Clock.now()
            if left <= 0 {
                kill(pid, SIGKILL)
                timedOut = true
                continue
            }
            usleep(useconds_t(min(pause, left) * 1_000_000))
            pause = min(pause * 2, 0.01)
        }
        return Self.termination(status)
    }

    /// A `waitpid` status decoded: WIFEXITED / WEXITSTATUS / WTERMSIG are macros, which Swift
    /// does not import.
    static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}

/// A monotonic clock in seconds, for deadlines that wall-clock changes cannot move.
enum Clock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The GNU calls that glibc declares only under `_GNU_SOURCE`, which the Swift Glibc module is
/// not built with: looked up by name instead (`addchdir_np` needs glibc ≥ 2.29, `addclosefrom_np`
/// ≥ 2.34; Debian 12 has 2.36). nil on a C library without them.
enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = symbol("pipe2")

    private static func symbol<T>(_ name: String) -> T? {
        // RTLD_DEFAULT is a null handle in glibc.
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
