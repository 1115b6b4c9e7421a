#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import CredfilePOSIX
internal import CredfileYAML
#if canImport(Glibc)
// Public: mode_t is in FileIO's API (Foundation re-exported it before).
public import Glibc
#endif

/// Reading and writing credential files: every write is atomic (temporary file in the same
/// directory, fsync, rename, directory fsync) and keeps the file's mode; new secret-bearing
/// files are created 0600.
///
/// A process killed between creating its temporary and the rename leaves the temporary
/// behind. Temporaries are named `.NAME.credfile-<pid>-<UUID>.tmp` after the file they
/// replace and the process writing them, so `removeStaleTemporaries` can remove exactly those
/// whose writer is gone — never one a running writer (locked or not) is still filling.
///
/// The few POSIX calls Foundation does not offer (exclusive create, rename over an existing
/// file, fsync of a directory, asking whether a process exists) live in this one file.
public enum FileIO {
    /// The first directory on the way to `path` that is a symbolic link inside `root` or
    /// inside any git work tree, or nil. A repository's tree comes from git and may be
    /// hostile: a committed link `out -> /etc/cron.d` would send `export -o out/app.env` (and
    /// the values in it) wherever the branch's author chose. The walk is the kernel's, not a
    /// lexical one: `root` and the path may be reached through links of their own (an
    /// absolute `-o` through a linked workspace), `..` after a link leaves the link's target,
    /// and the link may sit in another checkout than the one credfile works on (`-o` into
    /// the application's tree, or above `credentials/` in a monorepo). Links outside every
    /// work tree (the runner's own, `/tmp` on macOS) are followed; the file itself is never
    /// followed (`writeAtomically` refuses it).
    public static func linkedDirectory(on path: URL, inside root: URL) -> String? {
        let realRoot = root.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var current = ["/"]
        for component in path.absoluteURL.path.split(separator: "/").dropLast().map(String.init) {
            if component == "." { continue }
            if component == ".." {
                if current.count > 1 { current.removeLast() }
                continue
            }
            let candidate = current + [component]
            let candidatePath = Self.path(candidate)
            let type = try? FileManager.default.attributesOfItem(atPath: candidatePath)[.type] as? FileAttributeType
            guard type == .typeSymbolicLink else {
                current = candidate
                continue
            }
            if current.starts(with: realRoot) || isInGitWorkTree(current) { return candidatePath }
            current = URL(fileURLWithPath: candidatePath).resolvingSymlinksInPath().pathComponents
        }
        return nil
    }

    /// `NSString.path(withComponents:)` for absolute components (`["/", "a", "b"]`).
    private static func path(_ components: [String]) -> String {
        guard components.first == "/" else { return components.joined(separator: "/") }
        return "/" + components.dropFirst().joined(separator: "/")
    }

    /// Whether `directory` (components of a path without links) or one above it holds `.git`.
    private static func isInGitWorkTree(_ directory: [String]) -> Bool {
        var components = directory
        while !components.isEmpty {
            if FileManager.default.fileExists(atPath: Self.path(components + [".git"])) { return true }
            components.removeLast()
        }
        return false
    }

    /// The most `read` returns: one byte more than any file credfile accepts (the YAML
    /// loader's limit), so a 10 GB file costs 1 MiB of memory and is still reported too large.
    public static let readLimit = YAMLLoadLimits().maxBytes + 1

    /// Reads a file, at most `limit` bytes; a missing or unreadable file is an `.io` error
    /// naming it.
    public static func read(_ url: URL, limit: Int = readLimit) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let status = FileStatus(path: url.path)
            let why = status == nil ? "no such file" : (status!.isDirectory ? "is a directory" : "cannot be read")
            throw CredfileError(.io, "\(why)", path: url.path)
        }
        defer { close(fd) }
        guard let bytes = BoundedRead.read(fd, limit: limit, sizeHint: 0) else {
            throw CredfileError(.io, FileStatus.isDirectory(url.path) ? "is a directory" : "cannot be read", path: url.path)
        }
        return bytes
    }

    /// What a path is, without following a link at its end (`lstat`).
    public enum Kind: Sendable, Equatable {
        case missing
        case regular(size: Int)
        case directory
        case symbolicLink
        case fifo
        case socket
        case device
        case other

        /// How a message names it ("is a symbolic link").
        public var phrase: String {
            switch self {
            case .missing: "does not exist"
            case .regular: "is a regular file"
            case .directory: "is a directory"
            case .symbolicLink: "is a symbolic link"
            case .fifo: "is a FIFO (named pipe)"
            case .socket: "is a socket"
            case .device: "is a device file"
            case .other: "is not a regular file"
            }
        }
    }

    /// The kind of `path` itself: a link is reported as a link, never as what it points to,
    /// so nothing found below `credentials/` can lead a walk or a read elsewhere.
    public static func kind(atPath path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .other }
        return kind(mode: info.st_mode, size: Int(info.st_size))
    }

    private static func kind(mode: mode_t, size: Int) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .regular(size: size)
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        case S_IFCHR, S_IFBLK: .device
        default: .other
        }
    }

    /// Reads a credential file by name without trusting what the name is: the last component
    /// is not followed (`O_NOFOLLOW`: a link is an error, never read), the open never blocks
    /// (`O_NONBLOCK`: a FIFO planted under the name cannot hang the command), and only a
    /// regular file is read (checked on the open descriptor, so no swap in between).
    public static func readRegular(_ url: URL, limit: Int = readLimit) throws -> [UInt8] {
        try readRegular(atPath: url.path, limit: limit)
    }

    /// The same by path (validation keeps paths, not URLs: see `CredentialFile`).
    public static func readRegular(atPath path: String, limit: Int = readLimit) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            let kind = kind(atPath: path)
            if code == ELOOP || kind == .symbolicLink {
                throw CredfileError(.io, "is a symbolic link; credfile never follows links to credentials", path: path)
            }
            throw CredfileError(.io, kind == .missing ? "no such file" : "cannot be read", path: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CredfileError(.io, "cannot be read", path: path) }
        let found = kind(mode: info.st_mode, size: Int(info.st_size))
        guard case .regular(let size) = found else {
            throw CredfileError(.io, "\(found.phrase), not a regular file; not read", path: path)
        }
        guard let bytes = BoundedRead.read(fd, limit: limit, sizeHint: size) else {
            throw CredfileError(.io, "cannot be read", path: path)
        }
        return bytes
    }

    /// Replaces `url` with `bytes` atomically. The new file gets the old file's permissions,
    /// or `newFileMode` when it did not exist; `forceMode` sets the mode regardless (plaintext
    /// exports are always 0600, whatever file they replace).
    public static func writeAtomically(
        _ bytes: [UInt8], to url: URL, newFileMode: mode_t = 0o600, forceMode: mode_t? = nil,
        sweepLeftovers: Bool = true, syncingDirectory: Bool = true
    ) throws {
        // Never replace a link (or a FIFO, a device …): renaming over it would turn a link
        // into a file of the link's own mode (0777), and the link's target would not change
        // anyway. `lstat` sees the link itself, not where it points.
        let existing: mode_t?
        switch kind(atPath: url.path) {
        case .missing: existing = nil
        case .regular:
            existing = FileStatus(path: url.path).map { mode_t($0.permissions) }
        case let other:
            throw CredfileError(.io, "\(other.phrase); credfile does not replace it (nothing written)", path: url.path)
        }
        let mode = forceMode ?? existing ?? newFileMode
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(temporaryName(for: url.lastPathComponent))
        do {
            try writeNew(bytes, to: temporary, mode: mode)
            guard rename(temporary.path, url.path) == 0 else { throw CredfileError(.io, "cannot replace the file", path: url.path) }
        } catch {
            unlink(temporary.path)
            throw error
        }
        // A command writing thousands of files passes false and calls `syncDirectories` once
        // at the end: the rename is atomic either way, the directory fsync only makes it durable.
        if syncingDirectory { syncDirectory(directory) }
        // Files written outside the credentials lock (`encrypt -i`, `export -o`) get their
        // own leftovers cleaned here; the locked commands sweep the whole directory once and
        // pass `sweepLeftovers: false`, so rotating N files does not list the directory N times.
        if sweepLeftovers { removeStaleTemporaries(in: directory, of: url.lastPathComponent) }
    }

    /// The temporary `writeAtomically` replaces a file named `name` through, owned by this process.
    static func temporaryName(for name: String) -> String {
        ".\(name)\(temporaryMarker)\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).tmp"
    }

    private static let temporaryMarker = ".credfile-"

    /// Removes the temporaries that `writeAtomically` left in `directory` (and, with
    /// `recursive`, in its non-hidden subdirectories) when its process died before the
    /// rename: those whose writer's pid no longer exists. A temporary of a live process —
    /// a concurrent writer, even one that holds no lock — is kept; so are files that merely
    /// look similar. Best effort: nothing here ever fails a command.
    public static func removeStaleTemporaries(in directory: URL, recursive: Bool = false) {
        var pending = [directory.standardizedFileURL.path]
        while let dir = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names {
                let path = dir + "/" + name
                if name.hasPrefix(".") {
                    removeIfStale(path, name: name)
                } else if recursive, isDirectory(path) {
                    pending.append(path)
                }
            }
        }
    }

    /// Only the stale temporaries of the file named `target` in `directory`.
    static func removeStaleTemporaries(in directory: URL, of target: String) {
        let prefix = ".\(target)\(temporaryMarker)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            removeIfStale(directory.path + "/" + name, name: name)
        }
    }

    /// The pid in a temporary's name (`.NAME.credfile-<pid>-<UUID>.tmp`), nil for any other name.
    static func temporaryOwner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"),
            let marker = name.ranges(of: temporaryMarker).last,
            marker.lowerBound > name.index(after: name.startIndex)
        else { return nil }
        let tail = name[marker.upperBound...].dropLast(4)
        guard let dash = tail.firstIndex(of: "-"), UUID(uuidString: String(tail[tail.index(after: dash)...])) != nil,
            let pid = pid_t(tail[..<dash]), pid > 0, String(pid) == tail[..<dash]
        else { return nil }
        return pid
    }

    /// Whether `name` is a temporary whose writer is still running (a concurrent write).
    static func isLiveTemporary(_ name: String) -> Bool {
        temporaryOwner(name).map(processExists) ?? false
    }

    private static func removeIfStale(_ path: String, name: String) {
        guard let pid = temporaryOwner(name), !processExists(pid) else { return }
        // Regular files only: a directory or link with such a name is not ours.
        guard let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
            type == .typeRegular
        else { return }
        unlink(path)
    }

    /// Whether a process with this pid exists. Only a definite "no such process" counts as
    /// gone: a process of another user (EPERM) is alive, and so is anything unclear.
    static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    private static func isDirectory(_ path: String) -> Bool {
        // Not following links: a linked directory is not walked (no loops, nothing outside).
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
    }

    /// Creates `url` exclusively (never overwriting) with `mode`, writes and fsyncs it.
    public static func writeNew(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o600) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let why = errno == EEXIST ? "already exists; refusing to overwrite" : "cannot be created"
            throw CredfileError(.io, why, path: url.path)
        }
        defer { close(fd) }
        // The umask may have narrowed `mode` at creation; set it exactly.
        fchmod(fd, mode)
        guard DescriptorIO.writeAll(fd, bytes), fsync(fd) == 0 else {
            throw CredfileError(.io, "cannot be written", path: url.path)
        }
    }

    /// Appends to a file (creating it 0600), as `$GITHUB_ENV` requires: earlier steps' lines stay.
    public static func append(_ bytes: [UInt8], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CredfileError(.io, "cannot be opened for appending", path: url.path) }
        defer { close(fd) }
        guard DescriptorIO.writeAll(fd, bytes), fsync(fd) == 0 else {
            throw CredfileError(.io, "cannot be written", path: url.path)
        }
    }

    /// Makes a rename durable (the directory entry itself is data).
    /// One fsync per distinct directory of `files`: what `writeAtomically(…, syncingDirectory:
    /// false)` left to the caller, done once for a whole batch instead of once per file.
    static func syncDirectories(of files: [URL]) {
        for directory in Set(files.map { $0.deletingLastPathComponent().path }).sorted() {
            syncDirectory(URL(fileURLWithPath: directory, isDirectory: true))
        }
    }

    private static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
