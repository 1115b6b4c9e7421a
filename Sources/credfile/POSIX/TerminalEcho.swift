#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Turns a terminal's echo off while a secret is typed (termios), and back on afterwards —
/// also when the user presses Ctrl-C or the process is terminated, so the shell is never left
/// without echo. One of the places C is called with pointers (with LibYAML/ and OpenSSL/).
enum TerminalEcho {
    /// Runs `body` with echo off on `fd` (a terminal). Echo of the newline goes too, so the
    /// caller prints one itself. Anything typed before echo goes off is discarded (TCSAFLUSH),
    /// so `body` must show its prompt only now: an answer typed after the prompt appears is
    /// then never lost and never echoed.
    static func withoutEcho<T>(fd: Int32, _ body: () throws -> T) throws -> T {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK | ECHONL)
        let restoreOnSignal = saved
        let guardian = SignalGuard {
            var restore = restoreOnSignal
            tcsetattr(fd, TCSAFLUSH, &restore)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            // TCSANOW: an answer typed ahead for the next prompt is kept, not flushed.
            var restore = saved
            tcsetattr(fd, TCSANOW, &restore)
            guardian.cancel()
        }
        return try body()
    }
}
