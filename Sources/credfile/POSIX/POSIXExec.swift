#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Replaces this process with a program (`execve`), so the child *is* the job step: its
/// signals, exit status and standard streams are the caller's, and nothing of credfile stays
/// between them. One of the three places C is called (with LibYAML/ and OpenSSL/).
enum POSIXExec {
    /// Only returns by throwing: `execNotFound` (127) when the program is not found, else
    /// `execCannotRun` (126), as shells do.
    static func replaceProcess(program: String, arguments: [String], environment: [String: String]) throws -> Never {
        guard let path = resolve(program) else {
            throw ExecFailure(message: "\(program): command not found", status: ExitStatus.execNotFound)
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(path, argv, envp)
        let code = errno
        for pointer in argv + envp { free(pointer) }
        let why = code == ENOENT ? "command not found" : "cannot run it (\(String(cString: strerror(code))))"
        throw ExecFailure(message: "\(program): \(why)", status: code == ENOENT ? .execNotFound : .execCannotRun)
    }

    /// `program` itself when it has a `/`, else the first executable of that name on credfile's
    /// own `PATH` (as execvp does; `execvpe` is a GNU extension Swift does not import).
    static func resolve(_ program: String) -> String? {
        if program.contains("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The program could not be started.
    struct ExecFailure: Error {
        var message: String
        var status: ExitStatus
    }
}
