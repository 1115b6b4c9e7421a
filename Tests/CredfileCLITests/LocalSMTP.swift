import CredfileTestSupport
import Foundation
import Testing

/// Local SMTP servers for a whole suite (Scripts/smtp_server.py: aiosmtpd with certificates
/// from a throw-away trustme CA), on free loopback ports, started before the suite's first test
/// and stopped after its last. Listeners: see the script's docstring.
struct LocalSMTP: Sendable {
    /// Listener name → port.
    var ports: [String: Int]
    /// The CA that signed every listener's certificate.
    var caFile: String
    /// A CA that signed nothing the servers use.
    var otherCAFile: String
    /// Where the servers append their events (one JSON object a line).
    var eventsFile: URL

    static let user = "mailer@example.test"
    static let password = "Correct-Horse-7"

    @TaskLocal static var current: LocalSMTP?

    static func require() throws -> LocalSMTP {
        try #require(current, "no local SMTP: the suite needs the .localSMTP trait")
    }

    func port(_ listener: String) throws -> Int {
        try #require(ports[listener], "no listener \(listener)")
    }

    /// The events so far (of one listener when given).
    func events(_ listener: String? = nil) throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: eventsFile.path) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.filter { listener == nil || $0["listener"] as? String == listener }
    }
}

/// Starts the servers around the suite (a non-recursive suite trait: one server for all tests).
struct LocalSMTPTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let python = try PeerTool.require("python3")
        try #require(PeerTool.pythonHas("aiosmtpd") && PeerTool.pythonHas("trustme"), "the venv lacks aiosmtpd or trustme (scripts/install-peers)")
        let directory = try TemporaryDirectory("credfile-smtp")
        let script = PeerTool.packageRoot.appendingPathComponent("Tests/CredfileCLITests/Scripts/smtp_server.py").path
        let server = try BackgroundProcess(python, [script, directory.url.path], lifetime: 3600)
        defer { server.stop() }
        let data = try server.waitForFile(directory.file("ready.json"), seconds: 60)
        let ports = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
        let smtp = LocalSMTP(
            ports: ports, caFile: directory.file("ca.pem").path, otherCAFile: directory.file("other-ca.pem").path,
            eventsFile: directory.file("events.jsonl"))
        try await LocalSMTP.$current.withValue(smtp) { try await function() }
    }
}

extension Trait where Self == LocalSMTPTrait {
    /// Runs the suite against fresh local SMTP servers.
    static var localSMTP: LocalSMTPTrait { LocalSMTPTrait() }
}
