#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The pipes between credfile and one child, and the loop that moves bytes through them.
///
/// One thread, one `poll`: input is written only as fast as the child reads it while both
/// outputs are drained, so a child that fills its output pipe before reading all its input
/// (git cat-file, cat) cannot dead-lock with us, and no helper threads are needed.
struct Streams {
    private var input: [UInt8] = []
    private var written = 0
    /// Our ends: write to the child's stdin, read from its stdout and stderr (-1 when none).
    private var stdinWrite: Int32 = -1
    private var stdoutRead: Int32 = -1
    private var stderrRead: Int32 = -1
    /// The child's ends, closed by us once it has started.
    private var childEnds: [Int32] = []
    /// What `posix_spawn` does to fds 0–2 in the child: (fd, pipe end to dup, or nil for /dev/null).
    private var plan: [(target: Int32, source: Int32?)] = []
    private(set) var stdout: [UInt8] = []
    private(set) var stderr: [UInt8] = []

    init(stdin: ChildProcess.Input, stdout: ChildProcess.Output, stderr: ChildProcess.Output, executable: String) throws(ChildProcessError) {
        do {
            switch stdin {
            case .inherit: break
            case .null: plan.append((0, nil))
            case .bytes(let data):
                let (read, write) = try Self.pipe(executable)
                childEnds.append(read)
                stdinWrite = write
                plan.append((0, read))
                input = [UInt8](data)
            }
            for (target, output) in [(Int32(1), stdout), (2, stderr)] {
                switch output {
                case .inherit: break
                case .null: plan.append((target, nil))
                case .capture:
                    let (read, write) = try Self.pipe(executable)
                    childEnds.append(write)
                    if target == 1 { stdoutRead = read } else { stderrRead = read }
                    plan.append((target, write))
                }
            }
        } catch {
            closeAll()
            throw error
        }
    }

    /// A pipe with both ends close-on-exec (only the `dup2` copies reach the child) and above
    /// 2, so that no `dup2` onto 0–2 can overwrite another pipe end when credfile itself was
    /// started with a standard stream closed.
    private static func pipe(_ executable: String) throws(ChildProcessError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        // pipe2 sets close-on-exec atomically: a pipe() + fcntl() pair would leave a moment in
        // which another thread's child could inherit the pipe and hold it open.
        let made = fds.withUnsafeMutableBufferPointer { buffer in
            if let pipe2 = SpawnExtensions.pipe2 { return pipe2(buffer.baseAddress!, O_CLOEXEC) }
            guard Glibc.pipe(buffer.baseAddress!) == 0 else { return -1 }
            for fd in buffer { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return 0
        }
        guard made == 0 else {
            throw ChildProcessError(executable: executable, code: errno, description: "cannot start \(executable): no pipe (\(String(cString: strerror(errno))))")
        }
        for i in fds.indices where fds[i] < 3 {
            let moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3)
            close(fds[i])
            fds[i] = moved
        }
        return (fds[0], fds[1])
    }

    func addActions(_ actions: inout posix_spawn_file_actions_t) {
        for (target, source) in plan {
            if let source {
                // The dup2 copy does not carry close-on-exec; source is never 0–2 (see pipe).
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
    }

    mutating func closeChildEnds() {
        for fd in childEnds { close(fd) }
        childEnds = []
    }

    mutating func closeAll() {
        closeChildEnds()
        for fd in [stdinWrite, stdoutRead, stderrRead] where fd >= 0 { close(fd) }
        (stdinWrite, stdoutRead, stderrRead) = (-1, -1, -1)
    }

    /// Writes the input and reads both outputs until all three pipes are done. At `deadline`
    /// it kills the child with SIGKILL and stops reading (a grandchild may hold the pipes
    /// open); returns whether that happened.
    ///
    /// With a `grace`, it also watches for the child's end (reaping it into `reaped`) and
    /// stops reading `grace` seconds after it: a grandchild that inherited the pipes (a daemon
    /// a hook started) would otherwise hold the run until the deadline.
    mutating func exchange(pid: pid_t, deadline: Double?, grace: Double? = nil, reaped: inout Int32?) -> Bool {
        if stdinWrite >= 0 {
            if input.isEmpty {
                close(stdinWrite)
                stdinWrite = -1
            } else {
                // Non-blocking, so that one write never waits for the child to read.
                _ = fcntl(stdinWrite, F_SETFL, fcntl(stdinWrite, F_GETFL) | O_NONBLOCK)
            }
        }
        // A child that exits without reading all its input makes our write raise SIGPIPE,
        // which by default ends credfile. Blocked on this thread instead, so the write fails
        // with EPIPE; a SIGPIPE left pending by that is consumed before unblocking.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1, sigismember(&previous, SIGPIPE) == 0 {
                var zero = timespec()
                _ = sigtimedwait(&pipeSignal, nil, &zero)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }

        var buffer = [UInt8](repeating: 0, count: 65_536)
        var drainUntil: Double?
        while stdinWrite >= 0 || stdoutRead >= 0 || stderrRead >= 0 {
            if let grace, drainUntil == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    reaped = status
                    drainUntil = Clock.now() + grace
                }
            }
            if let drainUntil, Clock.now() >= drainUntil {
                closeAll()
                return false
            }
            var fds: [pollfd] = []
            if stdinWrite >= 0 { fds.append(pollfd(fd: stdinWrite, events: Int16(POLLOUT), revents: 0)) }
            if stdoutRead >= 0 { fds.append(pollfd(fd: stdoutRead, events: Int16(POLLIN), revents: 0)) }
            if stderrRead >= 0 { fds.append(pollfd(fd: stderrRead, events: Int16(POLLIN), revents: 0)) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - Clock.now()
                if left <= 0 {
                    closeAll()
                    // Already reaped: its pid may belong to another process by now.
                    if reaped != nil { return false }
                    kill(pid, SIGKILL)
                    closeAll()
                    return true
                }
                wait = Int32(min(left * 1000 + 1, Double(Int32.max)))
            }
            // Watching for the child's end: wake up now and then to look.
            if grace != nil { wait = wait < 0 ? 50 : min(wait, 50) }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                closeAll()
                break
            }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdinWrite {
                    writeInput()
                } else if entry.fd == stdoutRead {
                    if !read(stdoutRead, into: &stdout, buffer: &buffer) { close(stdoutRead); stdoutRead = -1 }
                } else if entry.fd == stderrRead {
                    if !read(stderrRead, into: &stderr, buffer: &buffer) { close(stderrRead); stderrRead = -1 }
                }
            }
        }
        return false
    }

    /// Writes what the pipe takes; closes it when all is written or the child stopped reading.
    private mutating func writeInput() {
        let count = input.withUnsafeBytes { bytes in
            Glibc.write(stdinWrite, bytes.baseAddress! + written, bytes.count - written)
        }
        if count > 0 { written += count }
        if count < 0, errno == EAGAIN || errno == EINTR { return }
        // Done, or EPIPE: the child exited or closed its input, which is its business.
        if count < 0 || written == input.count {
            close(stdinWrite)
            stdinWrite = -1
        }
    }

    /// Appends what one `read` returns; false at end-of-file or on an error.
    private func read(_ fd: Int32, into output: inout [UInt8], buffer: inout [UInt8]) -> Bool {
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
        if count > 0 {
            output.append(contentsOf: buffer[..<count])
            return true
        }
        return count < 0 && (errno == EINTR || errno == EAGAIN)
    }
}
