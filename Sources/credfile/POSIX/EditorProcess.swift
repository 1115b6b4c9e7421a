import CredfileKit
import CredfilePOSIX
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Runs the user's editor on a file, as git does: `$VISUAL`, else `$EDITOR`, else `vi`,
/// through `/bin/sh` so that `EDITOR="code --wait"` works. The editor inherits the terminal
/// (standard input, output and error).
///
/// Started by `ChildProcess` (posix_spawn), which keeps the child in credfile's process group:
/// Foundation's `Process` moves it to a new one, where an editor is not in the terminal's
/// foreground group and is stopped (SIGTTOU) the first time it touches the terminal — a hung
/// `credfile edit`. The signals credfile ignores meanwhile (Ctrl-C) are back at their default
/// in the editor.
final class EditorProcess: @unchecked Sendable {
    private let lock = Lock()
    private var running: pid_t?
    /// The last editor run ended by a signal rather than by exiting.
    private(set) var endedBySignal = false

    /// The command line of the editor to use.
    static func command(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key], !value.allSatisfy(\.isWhitespace) { return value }
        }
        return "vi"
    }

    /// Runs the editor on `file` and waits; a non-zero exit abandons the edit. `exec`, so
    /// that the editor is the process credfile started and a signal to it reaches it.
    func edit(_ file: URL, command: String) throws {
        let editor = ChildProcess(
            "/bin/sh", ["-c", "exec \(command) \"$@\"", command, file.path],
            standardInput: .inherit, standardOutput: .inherit, standardError: .inherit)
        let result: ChildProcess.Result
        do {
            result = try editor.run { pid in lock.withLock { running = pid } }
        } catch {
            lock.withLock { running = nil }
            throw CredfileError(.io, error.description)
        }
        lock.withLock { running = nil }
        if case .signaled = result.termination { endedBySignal = true } else { endedBySignal = false }
        guard result.termination == .exited(0) else {
            // 126/127: the shell could not run the command, so the setting is what is wrong.
            // Any other status is the editor's own verdict (vi's :cq abandons an edit that way):
            // advice to change editors would be beside the point (issue 16).
            let status = result.termination.shellStatus
            throw CredfileError(
                .io, "the editor '\(command)' exited with status \(status); nothing written",
                hints: status == 126 || status == 127 ? ["set VISUAL or EDITOR to the editor to use"] : [])
        }
    }

    /// Ends a running editor (credfile was interrupted: its temporary file is being removed).
    func terminate() {
        lock.withLock {
            if let running { kill(running, SIGTERM) }
        }
    }
}
