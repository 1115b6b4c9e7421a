import CredfileKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in credfile's own process group, with the default disposition for the
/// signals credfile ignores, and waits for it.
///
/// Foundation's `Process` puts the child in a new process group; an editor there is not in
/// the terminal's foreground group, so the first time it touches the terminal it is stopped
/// (SIGTTOU) and the user sees a hung `credfile edit`. `posix_spawn` without
/// `POSIX_SPAWN_SETPGROUP` keeps the child in the foreground, as git and kubectl do.
enum ForegroundSpawn {
    /// Starts `arguments[0]` (an absolute path) and reports its pid; returns the wait status.
    static func run(_ arguments: [String], started: (pid_t) -> Void) throws -> (exited: Bool, status: Int32) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGQUIT] { sigaddset(&defaults, number) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        // The child gets Ctrl-C back (credfile ignores it while it cleans up) and no blocked signals.
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, arguments[0], nil, &attributes, argv, environ)
        guard code == 0 else { throw CredfileError(.io, "cannot start \(arguments[0]) (\(String(cString: strerror(code))))") }
        started(pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw CredfileError(.io, "lost track of the editor process") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import (they are macros).
        let signalled = status & 0x7f
        return (signalled == 0, signalled == 0 ? (status >> 8) & 0xff : 128 + signalled)
    }
}
