import CredfileKit
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a secret from the terminal without echo (`termios`), for `--prompt`.
///
/// Echo is restored on every path, also when the user presses Ctrl-C while typing: SIGINT
/// and SIGTERM are ignored and handled by a dispatch source that restores the terminal
/// before exiting, so a shell is never left without echo.
enum HiddenInput {
    /// Asks for `field` twice; the two entries must match. Standard input must be a terminal.
    static func secret(for field: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CredfileError(.usage, "--prompt needs a terminal; without one use --stdin or --value-file")
        }
        let first = try readHidden(prompt: "\(field): ")
        let second = try readHidden(prompt: "\(field) (again): ")
        guard first == second else { throw CredfileError(.usage, "the two entries for '\(field)' differ; nothing written") }
        return first
    }

    private static func readHidden(prompt: String) throws -> String {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw CredfileError(.io, "cannot read the terminal settings") }
        let restore = saved
        let guardian = SignalGuard { _ = withRestored(restore) }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        FileHandle.standardError.write(Data(prompt.utf8))
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        let line = readLine(strippingNewline: true)
        _ = withRestored(restore)
        guardian.cancel()
        // The user's Enter was not echoed: end the prompt line ourselves.
        FileHandle.standardError.write(Data("\n".utf8))
        guard let line else { throw CredfileError(.usage, "no input for the prompt (end of input)") }
        return line
    }

    private static func withRestored(_ settings: termios) -> Int32 {
        var copy = settings
        return tcsetattr(STDIN_FILENO, TCSANOW, &copy)
    }
}

/// While alive, SIGINT and SIGTERM run `cleanup` and then end the process with 128 + the
/// signal number, as a shell reports it. Dispatch sources run on a queue, not inside the
/// signal handler, so the cleanup may do anything (remove files, restore the terminal).
final class SignalGuard: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(_ cleanup: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            // Ignored first, so the default action (terminate at once) never runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                cleanup()
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops handling; the signals get their default action again.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
