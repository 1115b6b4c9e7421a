#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on a file or a directory, held until `unlock()` or
/// until the value is released.
///
/// `flock` rather than `fcntl` record locks: an `fcntl` lock is dropped when *any* descriptor
/// of the file is closed by the process, which Foundation does behind our back; a `flock`
/// belongs to the open file description and is released by the kernel if the process dies,
/// so a crashed credfile never leaves a stale lock behind.
public final class FileLock: @unchecked Sendable {
    private var descriptor: Int32

    /// Waits (polling, up to `timeout` seconds) for the lock on `url`. A directory is locked
    /// as it is; a missing file is created 0600 (an empty lock file).
    public init(_ url: URL, timeout: Double = 60) throws {
        descriptor = Self.open(url)
        guard descriptor >= 0 else { throw CredfileError(.io, "cannot open for locking", path: url.path) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR, Date() < deadline else {
                close(descriptor)
                descriptor = -1
                let why = code == EWOULDBLOCK
                    ? "another credfile process is still changing credentials here (waited \(Int(timeout)) s)"
                    : "cannot be locked"
                throw CredfileError(.io, why, path: url.path)
            }
            // Writes under the lock take milliseconds: a short sleep keeps waiting cheap.
            usleep(5_000)
        }
    }

    private static func open(_ url: URL) -> Int32 {
        if FileStatus.isDirectory(url.path) {
            return Glibc.open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        return Glibc.open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    }

    /// Releases the lock (also done on deinit).
    public func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// Runs `body` while holding the lock on `url`.
    public static func withLock<T>(on url: URL, timeout: Double = 60, _ body: () throws -> T) throws -> T {
        let lock = try FileLock(url, timeout: timeout)
        defer { lock.unlock() }
        return try body()
    }

    deinit { unlock() }
}
