#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says about a path, following links: the answers credfile used to take from
/// Foundation's `fileExists(atPath:isDirectory:)` and `attributesOfItem` (whose ObjCBool and
/// NSNumber are not in FoundationEssentials, and whose value types differ between the two).
public struct FileStatus: Sendable, Equatable {
    /// The permission bits (`st_mode & 07777`).
    public var permissions: Int
    /// The owner's user id.
    public var owner: UInt32
    /// Whether the path (after links) is a directory.
    public var isDirectory: Bool

    /// The status of `path`, or nil when it does not exist or cannot be examined.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        permissions = Int(info.st_mode & 0o7777)
        owner = UInt32(info.st_uid)
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether `path` exists and is (after links) a directory.
    public static func isDirectory(_ path: String) -> Bool { FileStatus(path: path)?.isDirectory ?? false }
}
