import CredfileKit
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the user's editor on a file, as git does: `$VISUAL`, else `$EDITOR`, else `vi`,
/// through `/bin/sh` so that `EDITOR="code --wait"` works. The editor inherits the terminal
/// (standard input, output and error).
final class EditorProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var running: pid_t?
    /// The last editor run ended by a signal rather than by exiting.
    private(set) var endedBySignal = false

    /// The command line of the editor to use.
    static func command(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        return "vi"
    }

    /// Runs the editor on `file` and waits; a non-zero exit abandons the edit. `exec`, so
    /// that the editor is the process credfile started and a signal to it reaches it.
    func edit(_ file: URL, command: String) throws {
        let arguments = ["/bin/sh", "-c", "exec \(command) \"$@\"", command, file.path]
        let result = try ForegroundSpawn.run(arguments) { pid in lock.withLock { running = pid } }
        lock.withLock { running = nil }
        endedBySignal = !result.exited
        guard result.exited, result.status == 0 else {
            throw CredfileError(
                .io, "the editor exited with status \(result.status); nothing written",
                hints: ["set VISUAL or EDITOR to the editor to use"])
        }
    }

    /// Ends a running editor (credfile was interrupted: its temporary file is being removed).
    func terminate() {
        lock.withLock {
            if let running { kill(running, SIGTERM) }
        }
    }
}
