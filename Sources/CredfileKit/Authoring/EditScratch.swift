#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The private place where `credfile edit` puts the decrypted credential for the editor:
/// a fresh directory (0700) holding one file (0600), in `/dev/shm` when it exists so the
/// plaintext stays in memory and never reaches a disk. The caller removes it on every exit
/// path, signals included.
///
/// SIGKILL (or a crash) cannot be caught, so the directory is named after the process that
/// owns it, `credfile-edit-<pid>-<UUID>`, and `removeStale()` — run by every command that
/// discovers a repository — removes those whose process is gone, the same rule as
/// `FileIO.removeStaleTemporaries` (issue 12: plaintext outlived a closed terminal).
public final class EditScratch: Sendable {
    /// The directory (removed as a whole).
    public let directory: URL
    /// The file the editor opens; named like the credential so editors pick YAML syntax.
    public let file: URL

    public init(name: String, contents: [UInt8]) throws {
        let pid = ProcessInfo.processInfo.processIdentifier
        directory = Self.base.appendingPathComponent("\(Self.prefix)\(pid)-\(UUID().uuidString)", isDirectory: true)
        // mkdir with the mode (not create-then-chmod): the directory is never readable by others.
        guard mkdir(directory.path, 0o700) == 0 else {
            throw CredfileError(.io, "cannot create a private temporary directory", path: directory.path)
        }
        file = directory.appendingPathComponent("\(name).yaml")
        do {
            try FileIO.writeNew(contents, to: file, mode: 0o600)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Replaces the file's contents (for the editor's next round).
    public func rewrite(_ contents: [UInt8]) throws {
        try FileIO.writeAtomically(contents, to: file, forceMode: 0o600)
    }

    /// Removes the directory and everything in it; safe to call more than once.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Where scratch directories are made: `/dev/shm` when usable, else the temporary directory.
    public static var base: URL {
        isDirectory("/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
    }

    private static let prefix = "credfile-edit-"

    /// Removes the scratch directories of `credfile edit` runs that ended without cleaning up
    /// (SIGKILL, a crash, power to a VM pulled): those whose owner pid no longer exists. A
    /// live edit's directory is kept; so is anything not exactly ours — another name, a link,
    /// another user's directory. Best effort: it never fails a command.
    public static func removeStale(in base: URL = EditScratch.base) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = owner(name), !FileIO.processExists(pid) else { continue }
            let path = base.path + "/" + name
            guard FileIO.kind(atPath: path) == .directory,
                FileStatus(path: path)?.owner == UInt32(getuid())
            else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The pid in `credfile-edit-<pid>-<UUID>`; nil for any other name (also the pid-less
    /// names of older versions, whose owner cannot be known).
    static func owner(_ name: String) -> pid_t? {
        let tail = name.dropFirst(prefix.count)
        guard name.hasPrefix(prefix), let dash = tail.firstIndex(of: "-"),
            UUID(uuidString: String(tail[tail.index(after: dash)...])) != nil,
            let pid = pid_t(tail[..<dash]), pid > 0, String(pid) == tail[..<dash]
        else { return nil }
        return pid
    }

    private static func isDirectory(_ path: String) -> Bool {
        FileStatus.isDirectory(path) && access(path, W_OK) == 0
    }
}
