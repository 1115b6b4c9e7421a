public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The private place where `credfile edit` puts the decrypted credential for the editor:
/// a fresh directory (0700) holding one file (0600), in `/dev/shm` when it exists so the
/// plaintext stays in memory and never reaches a disk. The caller removes it on every exit
/// path, signals included.
public final class EditScratch: Sendable {
    /// The directory (removed as a whole).
    public let directory: URL
    /// The file the editor opens; named like the credential so editors pick YAML syntax.
    public let file: URL

    public init(name: String, contents: [UInt8]) throws {
        let base = Self.isDirectory("/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        directory = base.appendingPathComponent("credfile-edit-\(UUID().uuidString)", isDirectory: true)
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

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && access(path, W_OK) == 0
    }
}
