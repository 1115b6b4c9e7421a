public import Foundation
internal import CredfileYAML
#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing credential files: every write is atomic (temporary file in the same
/// directory, fsync, rename, directory fsync) and keeps the file's mode; new secret-bearing
/// files are created 0600.
///
/// The few POSIX calls Foundation does not offer (exclusive create, rename over an existing
/// file, fsync of a directory) live in this one file.
public enum FileIO {
    /// The most `read` returns: one byte more than any file credfile accepts (the YAML
    /// loader's limit), so a 10 GB file costs 1 MiB of memory and is still reported too large.
    public static let readLimit = YAMLLoadLimits().maxBytes + 1

    /// Reads a file, at most `limit` bytes; a missing or unreadable file is an `.io` error
    /// naming it.
    public static func read(_ url: URL, limit: Int = readLimit) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let why = !exists ? "no such file" : (isDirectory.boolValue ? "is a directory" : "cannot be read")
            throw CredfileError(.io, "\(why)", path: url.path)
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.read(upToCount: limit) ?? Data())
        } catch {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            throw CredfileError(.io, isDirectory.boolValue ? "is a directory" : "cannot be read", path: url.path)
        }
    }

    /// Replaces `url` with `bytes` atomically. The new file gets the old file's permissions,
    /// or `newFileMode` when it did not exist; `forceMode` sets the mode regardless (plaintext
    /// exports are always 0600, whatever file they replace).
    public static func writeAtomically(
        _ bytes: [UInt8], to url: URL, newFileMode: mode_t = 0o600, forceMode: mode_t? = nil
    ) throws {
        let existing = (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)
            .map { mode_t($0.uint16Value) }
        let mode = forceMode ?? existing ?? newFileMode
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).credfile-\(UUID().uuidString).tmp")
        do {
            try writeNew(bytes, to: temporary, mode: mode)
            guard rename(temporary.path, url.path) == 0 else { throw CredfileError(.io, "cannot replace the file", path: url.path) }
        } catch {
            unlink(temporary.path)
            throw error
        }
        syncDirectory(directory)
    }

    /// Creates `url` exclusively (never overwriting) with `mode`, writes and fsyncs it.
    public static func writeNew(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o600) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let why = errno == EEXIST ? "already exists; refusing to overwrite" : "cannot be created"
            throw CredfileError(.io, why, path: url.path)
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            // The umask may have narrowed `mode` at creation; set it exactly.
            fchmod(fd, mode)
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
        } catch {
            throw CredfileError(.io, "cannot be written", path: url.path)
        }
    }

    /// Appends to a file (creating it 0600), as `$GITHUB_ENV` requires: earlier steps' lines stay.
    public static func append(_ bytes: [UInt8], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CredfileError(.io, "cannot be opened for appending", path: url.path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(bytes))
            try handle.synchronize()
        } catch {
            throw CredfileError(.io, "cannot be written", path: url.path)
        }
    }

    /// Makes a rename durable (the directory entry itself is data).
    private static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
