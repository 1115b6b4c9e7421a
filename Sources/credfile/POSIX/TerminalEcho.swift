import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns a terminal's echo off while a secret is typed (termios), and back on afterwards —
/// also when the user presses Ctrl-C or the process is terminated, so the shell is never left
/// without echo. One of the places C is called with pointers (with LibYAML/ and OpenSSL/).
enum TerminalEcho {
    /// Runs `body` with echo off on `fd` (a terminal). Echo of the newline goes too, so the
    /// caller prints one itself.
    static func withoutEcho<T>(fd: Int32, _ body: () throws -> T) throws -> T {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return try body() }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK | ECHONL)
        let guards = signalGuards(fd: fd, restoring: saved)
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            // TCSANOW: an answer typed ahead for the next prompt is kept, not flushed.
            var restore = saved
            tcsetattr(fd, TCSANOW, &restore)
            for (number, source) in guards {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        return try body()
    }

    /// SIGINT and SIGTERM restore echo, then end the process as the signal would (status
    /// 128 + n). Dispatch sources run the handler on a queue, outside the signal context.
    private static func signalGuards(fd: Int32, restoring saved: termios) -> [(Int32, any DispatchSourceSignal)] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var restore = saved
                tcsetattr(fd, TCSAFLUSH, &restore)
                FileHandle.standardError.write(Data("\n".utf8))
                exit(128 + number)
            }
            source.resume()
            return (number, source)
        }
    }
}
