import CredfilePOSIX
import CredfileTestSupport
import Foundation
import Testing
@testable import CredfileKit

/// The temporaries `writeAtomically` leaves when its process is killed before the rename, and
/// the sweep that removes them (and only them).
@Suite struct FileIOTests {
    /// A pid that certainly names no process: above the kernel's largest `pid_max` (2^22).
    static let impossiblePid: pid_t = .max

    /// The pid of a child that has exited and been reaped.
    static func deadPid() throws -> pid_t {
        var pid: pid_t = 0
        // run() returns after reaping the child.
        _ = try ChildProcess("/bin/true").run { pid = $0 }
        return pid
    }

    static func temporary(_ target: String, pid: pid_t) -> String {
        ".\(target).credfile-\(pid)-\(UUID().uuidString).tmp"
    }

    static func names(in directory: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
    }

    @Test func ownTemporaryNameNamesThisProcess() {
        let name = FileIO.temporaryName(for: "smtp-prod.yaml")
        #expect(name.hasPrefix(".smtp-prod.yaml.credfile-\(getpid())-") && name.hasSuffix(".tmp"))
        #expect(FileIO.temporaryOwner(name) == getpid())
        #expect(FileIO.temporaryOwner(".a.yaml.credfile-\(UUID().uuidString).tmp") == nil, "no pid: not ours to judge")
        #expect(FileIO.temporaryOwner(".a.yaml.credfile-+12-\(UUID().uuidString).tmp") == nil)
        #expect(FileIO.temporaryOwner(".a.yaml.credfile-12-not-a-uuid.tmp") == nil)
        #expect(FileIO.temporaryOwner(".credfile-12-\(UUID().uuidString).tmp") == nil, "no target name")
        #expect(FileIO.temporaryOwner("a.yaml.credfile-12-\(UUID().uuidString).tmp") == nil, "not hidden")
    }

    @Test func staleTemporariesGoLiveOnesAndOtherFilesStay() throws {
        let dir = try TemporaryDirectory("credfile-fileio")
        let dead = try Self.deadPid()
        let stale = [Self.temporary("smtp-prod.yaml", pid: dead), Self.temporary("db.yaml", pid: Self.impossiblePid)]
        let kept = [
            Self.temporary("smtp-prod.yaml", pid: getpid()),  // a live writer's
            ".smtp-prod.yaml.credfile-\(UUID().uuidString).tmp",  // no pid in the name
            ".gitkeep", ".notes.tmp", "smtp-prod.yaml", ".smtp-prod.yaml.credfile-x.tmp",
        ]
        for name in stale + kept { try dir.write(name, "x") }
        // A directory with a stale temporary's name is not a temporary.
        let directoryNamedLikeOne = Self.temporary("dir.yaml", pid: dead)
        try FileManager.default.createDirectory(at: dir.file(directoryNamedLikeOne), withIntermediateDirectories: false)
        // Nested: swept only when asked to recurse.
        let nested = "team/" + Self.temporary("api.yaml", pid: dead)
        try dir.write(nested, "x")

        FileIO.removeStaleTemporaries(in: dir.url)
        #expect(try Self.names(in: dir.url) == Set(kept + [directoryNamedLikeOne, "team"]))
        #expect(FileManager.default.fileExists(atPath: dir.file(nested).path))

        FileIO.removeStaleTemporaries(in: dir.url, recursive: true)
        #expect(!FileManager.default.fileExists(atPath: dir.file(nested).path))
        #expect(try Self.names(in: dir.url) == Set(kept + [directoryNamedLikeOne, "team"]))
    }

    @Test func aMissingDirectoryIsNoError() {
        FileIO.removeStaleTemporaries(in: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)"), recursive: true)
    }

    /// A write removes the stale temporaries of its own target (files outside the lock, such
    /// as `encrypt -i`'s, get no other sweep) and leaves other files' alone.
    @Test func writeAtomicallySweepsItsOwnTargetsLeftovers() throws {
        let dir = try TemporaryDirectory("credfile-fileio")
        let dead = try Self.deadPid()
        let own = Self.temporary("app.yaml", pid: dead)
        let other = Self.temporary("other.yaml", pid: dead)
        let live = Self.temporary("app.yaml", pid: getpid())
        for name in [own, other, live] { try dir.write(name, "x") }
        try FileIO.writeAtomically(Array("a: 1\n".utf8), to: dir.file("app.yaml"))
        #expect(try Self.names(in: dir.url) == ["app.yaml", other, live])
        #expect(try FileIO.read(dir.file("app.yaml")) == Array("a: 1\n".utf8))
    }
}
