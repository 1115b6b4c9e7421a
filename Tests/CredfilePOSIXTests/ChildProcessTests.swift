import CredfilePOSIX
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The posix_spawn runner: statuses, the three streams, directory, environment, timeout,
/// start failures and descriptor hygiene.
@Suite struct ChildProcessTests {
    func sh(_ script: String, stdin: ChildProcess.Input = .null) throws -> ChildProcess.Result {
        try ChildProcess("/bin/sh", ["-c", script], standardInput: stdin).run()
    }

    @Test func exitStatus() throws {
        #expect(try ChildProcess("/bin/true").run().termination == .exited(0))
        #expect(try sh("exit 3").termination == .exited(3))
        #expect(try sh("exit 255").termination.shellStatus == 255)
    }

    @Test func deathBySignal() throws {
        let result = try sh("kill -TERM $$; sleep 5")
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.termination.shellStatus == 128 + SIGTERM)
        #expect(!result.timedOut)
    }

    @Test func stdoutAndStderrAreSeparate() throws {
        let result = try sh("printf out; printf 'oops\\n' >&2; exit 1")
        #expect(String(decoding: result.stdout, as: UTF8.self) == "out")
        #expect(String(decoding: result.stderr, as: UTF8.self) == "oops\n")
        #expect(result.termination == .exited(1))
    }

    /// 1 MiB is sixteen pipe buffers: written all at once before reading, it would dead-lock
    /// with `cat` blocked on a full output pipe.
    @Test func largeInputEchoedWithoutDeadlock() throws {
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 7919 >> 3) }
        let result = try ChildProcess("/bin/cat", standardInput: .bytes(Data(bytes))).run()
        #expect(result.termination == .exited(0))
        #expect(result.stdout == Data(bytes))
    }

    /// A child that exits without reading its input: our write fails with EPIPE instead of
    /// SIGPIPE ending the test process.
    @Test func unreadInputIsNoSignal() throws {
        let big = Data(repeating: 0x61, count: 1 << 20)
        for _ in 0..<5 {
            #expect(try ChildProcess("/bin/true", standardInput: .bytes(big)).run().termination == .exited(0))
        }
    }

    @Test func emptyInputIsEndOfFile() throws {
        let result = try ChildProcess("/bin/cat", standardInput: .bytes(Data())).run()
        #expect(result.termination == .exited(0) && result.stdout.isEmpty)
        #expect(try ChildProcess("/bin/cat").run().stdout.isEmpty, "stdin is /dev/null by default")
    }

    @Test func workingDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credfile-posix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = URL(fileURLWithPath: dir.path).resolvingSymlinksInPath().path
        let result = try ChildProcess("/bin/pwd", ["-P"], directory: dir.path).run()
        #expect(String(decoding: result.stdout, as: UTF8.self) == real + "\n")
        #expect(throws: ChildProcessError.self) { try ChildProcess("/bin/pwd", directory: dir.path + "/missing").run() }
    }

    @Test func environmentReplacesOurs() throws {
        let result = try ChildProcess("/usr/bin/env", environment: ["CREDFILE_A": "1", "B": "two words"]).run()
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").sorted()
        #expect(lines == ["B=two words", "CREDFILE_A=1"])
        // nil passes ours. (Read, not set: setenv while another test's child is being
        // spawned from `environ` would be a use-after-free.)
        let path = try #require(ProcessInfo.processInfo.environment["PATH"])
        let inherited = try sh("printf %s \"$PATH\"")
        #expect(String(decoding: inherited.stdout, as: UTF8.self) == path)
    }

    @Test func bareNamesAreSearchedOnTheChildsPath() throws {
        #expect(try ChildProcess("true").run().termination == .exited(0))
        let result = try ChildProcess("sh", ["-c", "printf %s \"$PATH\""], environment: ["PATH": "/bin:/usr/bin"]).run()
        #expect(String(decoding: result.stdout, as: UTF8.self) == "/bin:/usr/bin")
        #expect(throws: ChildProcessError.self) { try ChildProcess("true", environment: ["PATH": "/nonexistent"]).run() }
    }

    @Test func missingExecutableIsAnError() throws {
        do {
            _ = try ChildProcess("/nonexistent/credfile-no-such-program").run()
            Issue.record("no error")
        } catch {
            #expect(error.code == ENOENT)
            #expect(error.description.contains("credfile-no-such-program"))
        }
        #expect(throws: ChildProcessError.self) { try ChildProcess("credfile-no-such-program-either").run() }
        #expect(throws: ChildProcessError.self) { try ChildProcess("/etc/hostname").run() }
    }

    @Test func timeoutKillsTheChild() throws {
        let start = Date()
        let result = try ChildProcess("/bin/sleep", ["100"], timeout: 0.5).run()
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(elapsed >= 0.5 && elapsed < 5, "\(elapsed) s")
    }

    /// Without pipes to watch (output not captured) the deadline is kept by polling waitpid.
    @Test func timeoutWithoutPipes() throws {
        let start = Date()
        let result = try ChildProcess("/bin/sleep", ["100"], standardOutput: .null, standardError: .null, timeout: 0.3).run()
        #expect(result.timedOut && result.termination == .signaled(SIGKILL))
        #expect(Date().timeIntervalSince(start) < 5)
        let quick = try ChildProcess("/bin/true", timeout: 30).run()
        #expect(!quick.timedOut && quick.termination == .exited(0))
    }

    /// The child sees 0, 1 and 2 only: not our pipes to other children, not a descriptor
    /// this process opened without close-on-exec.
    @Test func noDescriptorLeaks() throws {
        let stray = open("/dev/null", O_RDONLY)
        #expect(stray > 2)
        defer { close(stray) }
        // `ls` lists the shell's descriptors, not its own directory handle. Without LD_PRELOAD:
        // a preloaded library opens descriptors of its own in the shell (libfaketime, under
        // scripts/test-elsewhere through `faketime`, its shared memory), which are not this process's leaks.
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "LD_PRELOAD" }
        let result = try ChildProcess("/bin/sh", ["-c", "ls /proc/$$/fd"], environment: environment).run()
        let fds = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(fds == ["0", "1", "2"], "stray fd \(stray)")
    }

    /// Signals this thread blocks or ignores are not passed on; the child stays in our
    /// process group (an editor must be in the terminal's foreground group).
    @Test func signalsResetAndSameProcessGroup() throws {
        var usr1 = sigset_t()
        sigemptyset(&usr1)
        sigaddset(&usr1, SIGUSR1)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &usr1, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        // Process-wide, but nothing in the tests uses SIGUSR2.
        let disposition = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, disposition) }
        // Read by the spawned program itself: a shell blocks signals around its own forks.
        let status = try ChildProcess("/bin/grep", ["-E", "^(SigBlk|SigIgn):", "/proc/self/status"]).run()
        let group = try ChildProcess("/usr/bin/cut", ["-d", " ", "-f", "5", "/proc/self/stat"]).run()
        let lines = String(decoding: status.stdout + group.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == "SigBlk:\t0000000000000000")
        // Signals 1–31 only (bits 0–30): glibc keeps its internal signals 32 and 33 out of every
        // sigfillset, and the exec'd program's own libc installs their handlers anyway.
        let ignored = lines.dropFirst().first.flatMap { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(lines)")
        #expect(lines.last == String(getpgrp()))
    }

    @Test func startedReportsThePid() throws {
        var reported: Int32 = 0
        let result = try ChildProcess("/bin/sh", ["-c", "echo $$"]).run { reported = $0 }
        #expect(reported > 0)
        #expect(String(decoding: result.stdout, as: UTF8.self) == "\(reported)\n")
    }
}
