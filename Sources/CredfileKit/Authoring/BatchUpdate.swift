#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import CredfilePOSIX

/// How far a command over many files has got: `(done, total)`. Called once per file, never
/// concurrently and with `done` increasing, from whichever thread finished the file; the
/// CLI draws it (library code never prints).
public typealias FileProgress = @Sendable (_ done: Int, _ total: Int) -> Void

/// One file a command over many files could not change: the others went ahead.
public struct FileFailure: Error, Sendable {
    /// The file, as displayed.
    public var path: String
    /// Why, attributed to the file (never a value: the library's errors name none).
    public var error: CredfileError
}

extension CredentialLock {
    /// Runs `body` for each of `files` on every core, keeping the order. Called inside
    /// `withLock` (held once for the whole run, so no other credfile writes in between, and
    /// the temporaries of an interrupted earlier run are swept once). A file's error is that
    /// file's outcome, so one bad file among 10,000 stops nothing and every failure is
    /// reported; `body` writes each file atomically (`syncingDirectory: false`), so a file is
    /// either changed or left as it was, and the directories are synced once at the end.
    func eachFile<R: Sendable>(
        _ files: [URL], progress: FileProgress?, _ body: @Sendable (URL) throws -> R
    ) -> [Result<R, FileFailure>] {
        let counter = ProgressCounter(total: files.count, report: progress)
        defer { FileIO.syncDirectories(of: files) }
        return ParallelMap.map(files) { url in
            defer { counter.tick() }
            do {
                return .success(try body(url))
            } catch let error as CredfileError {
                return .failure(FileFailure(path: display(url), error: error.inFile(display(url))))
            } catch {
                // Not described: an error from below the library could quote what it read.
                return .failure(
                    FileFailure(path: display(url), error: CredfileError(.io, "cannot change the file", path: display(url))))
            }
        }
    }
}

/// Counts finished files and reports each count under a lock, so the callback sees them in order.
private final class ProgressCounter: @unchecked Sendable {
    private let total: Int
    private let report: FileProgress?
    private var done = 0
    private let lock = Lock()

    init(total: Int, report: FileProgress?) {
        self.total = total
        self.report = report
    }

    func tick() {
        guard let report else { return }
        lock.lock()
        defer { lock.unlock() }
        done += 1
        report(done, total)
    }
}
