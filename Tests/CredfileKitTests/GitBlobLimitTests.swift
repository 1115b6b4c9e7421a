import CredfileTestSupport
import Foundation
import Testing
@testable import CredfileKit

/// Staged and committed blobs are read under the same cap as working-tree files (issue 12): a
/// 100 MB blob must not cost 100 MB of memory, yet still be reported too large.
@Suite struct GitBlobLimitTests {
    struct Failure: Error, CustomStringConvertible { var description: String }

    func git(_ args: [String], in dir: URL) throws {
        let result = try Subprocess.run("/usr/bin/env", ["git"] + args, currentDirectory: dir)
        guard result.status == 0 else { throw Failure(description: "git \(args): \(result.err)") }
    }

    /// A repository with a 2 MB credential and a small one, committed and staged.
    func repository() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("credfile-blob-limit")
        try git(["init", "-q"], in: dir.url)
        try dir.write("credentials/big.yaml", "name: big\npad: \"" + String(repeating: "x", count: 2_000_000) + "\"\n")
        try dir.write("credentials/small.yaml", "name: small\n")
        try git(["add", "-A"], in: dir.url)
        try git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base"], in: dir.url)
        return dir
    }

    @Test(PeerTool.needs("git")) func stagedBlobsAreReadUnderTheCap() throws {
        let dir = try repository()
        let files = try Git(directory: dir.url).stagedFiles(under: "credentials")
        #expect(files.map(\.path).sorted() == ["credentials/big.yaml", "credentials/small.yaml"])
        for file in files { #expect(file.contents.count <= FileIO.readLimit, "\(file.path): \(file.contents.count) bytes") }
        #expect(files.first { $0.path == "credentials/small.yaml" }?.contents == Array("name: small\n".utf8))
    }

    @Test(PeerTool.needs("git")) func committedBlobsAreReadUnderTheCap() throws {
        let dir = try repository()
        let files = try Git(directory: dir.url).files(at: "HEAD", under: "credentials")
        #expect(files.count == 2)
        for file in files { #expect(file.contents.count <= FileIO.readLimit, "\(file.path): \(file.contents.count) bytes") }
        #expect(files.first { $0.path == "credentials/small.yaml" }?.contents == Array("name: small\n".utf8))
    }

    /// The over-large blob is the same diagnostic as an over-large file in the working tree.
    @Test(PeerTool.needs("git")) func anOverLargeBlobIsTooLarge() throws {
        let dir = try repository()
        let files = try Git(directory: dir.url).stagedFiles(under: "credentials")
        let big = try #require(files.first { $0.path == "credentials/big.yaml" })
        let fromTree = try FileIO.readRegular(dir.file("credentials/big.yaml"))
        let report = RepositoryValidator(schemas: SchemaSet.builtIn, options: ValidationOptions()).validate([
            CredentialFile(url: dir.file("credentials/big.yaml"), displayPath: "staged.yaml", contents: big.contents),
            CredentialFile(url: dir.file("credentials/big.yaml"), displayPath: "tree.yaml", contents: fromTree),
        ])
        let codes = report.diagnostics.map { "\($0.path) \($0.code) \($0.message)" }
        #expect(codes.contains { $0.hasPrefix("staged.yaml yaml.too-large") }, "\(codes)")
        #expect(codes.contains { $0.hasPrefix("tree.yaml yaml.too-large") }, "\(codes)")
    }
}
