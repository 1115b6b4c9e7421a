import ArgumentParser
import CredfileKit

/// The files a command over many files could not change: each reported as its own diagnostic,
/// then the exit status of the first (in path order), as if it had been the only error.
enum FileFailures {
    static func report(_ failures: [FileFailure]) throws {
        guard let first = failures.first else { return }
        // The per-file errors each; a hint they share (no identity found) once.
        let once = HintsOnce()
        failures.forEach { Printer.standardError.report($0.error, once: once) }
        if failures.count > 1 {
            Printer.standardError.note("credfile: \(failures.count) files were left unchanged")
        }
        throw ExitCode(ExitStatus(first.error.kind))
    }
}
