import ArgumentParser
import CredfileTestSupport
import Foundation
import Testing

@testable import credfile

/// `credfile --version`: credfile's version and the libyaml and OpenSSL it was built against
/// and runs with, each checked against the system's own account of them (issue 17).
@Suite struct VersionCommandTests {
    static func versionLines() throws -> [String] {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.isEmpty)
        return result.out.split(separator: "\n").map(String.init)
    }

    @Test func namesCredfileAndBothLibraries() throws {
        let lines = try Self.versionLines()
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.first == "credfile \(VersionText.number)")
        #expect(lines.dropFirst().first?.hasPrefix("libyaml ") == true)
        #expect(lines.dropFirst(2).first?.hasPrefix("OpenSSL ") == true)
    }

    /// The loaded libyaml is the one the system's pkg-config describes (the -dev package of the
    /// same library the binary loads).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pkg-config"), "no pkg-config"))
    func libyamlVersionIsTheLoadedLibrarys() throws {
        let system = try Subprocess.run("/usr/bin/pkg-config", ["--modversion", "yaml-0.1"], timeout: 60)
        let version = system.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(system.status == 0 && !version.isEmpty)
        let line = try #require(try Self.versionLines().first { $0.hasPrefix("libyaml ") })
        #expect(line.hasPrefix("libyaml \(version) (loaded; built against libyaml-0.so.2"), "\(line)")
    }

    /// Loaded: what `openssl version` reports as its library; built against: the header's
    /// OPENSSL_VERSION_STR.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "no openssl command (Debian package openssl)"))
    func opensslVersionsAreTheLibrarysAndTheHeaders() throws {
        let system = try Subprocess.run("/usr/bin/openssl", ["version"], timeout: 60)
        // "OpenSSL 3.0.19 27 Jan 2026 (Library: OpenSSL 3.0.19 27 Jan 2026)", or without the
        // parenthesis when command and library agree.
        var library = system.out.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = library.range(of: "(Library: ") { library = String(library[open.upperBound...].dropLast()) }
        let line = try #require(try Self.versionLines().first { $0.hasPrefix("OpenSSL ") })
        #expect(line.hasPrefix("\(library) (loaded; "), "\(line) vs \(library)")
        let header = try String(contentsOfFile: "/usr/include/openssl/opensslv.h", encoding: .utf8)
        let defined = try #require(
            header.split(separator: "\n").first { $0.contains("define OPENSSL_VERSION_STR ") }?.split(separator: "\"").dropFirst().first)
        #expect(line.hasSuffix("built against OpenSSL \(defined))"), "\(line)")
    }

    /// Every command names itself: without `commandName`, argument-parser derives the name with
    /// `String(describing:)` on every run, and each such call scans the binary's protocol
    /// conformances — a third of `credfile --version`'s instructions (callgrind, issue 17).
    @Test func everyCommandNamesItself() {
        var pending: [any ParsableCommand.Type] = [CredfileCommand.self]
        var seen = 0
        while let command = pending.popLast() {
            seen += 1
            #expect(command.configuration.commandName != nil, "\(command) sets no commandName")
            pending += command.configuration.subcommands
        }
        #expect(seen > 20)
    }
}
