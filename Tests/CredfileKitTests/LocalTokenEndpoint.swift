import CredfileTestSupport
import Foundation
import Testing

/// A local Entra ID token endpoint for a whole suite: Scripts/token_server.py (Python's
/// http.server over TLS, a certificate from a throw-away `trustme` CA) on a free loopback port,
/// started before the suite's first test and stopped after its last.
struct LocalTokenEndpoint: Sendable {
    /// `https://127.0.0.1:PORT`: the authority to pass in `CheckOptions`.
    var authority: String
    /// The CA that signed the server's certificate.
    var caFile: String
    /// A CA that signed nothing the server shows (the wrong-CA case).
    var otherCAFile: String
    /// Where the server logs each request (JSON lines).
    var requestLog: URL

    /// The application the server knows, and its secret: shaped like Entra ID's (a `~`, dots
    /// and underscores, which form encoding must carry unchanged).
    static let clientID = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    static let secret = "Q7t8Q~abc.DEF_ghi-jkl~MNOpqrSTuvWXyz012345"

    @TaskLocal static var current: LocalTokenEndpoint?

    /// The suite's server (the trait below provides it).
    static func require() throws -> LocalTokenEndpoint {
        try #require(current, "no local token endpoint: the suite needs the .localTokenEndpoint trait")
    }

    /// Every request the server received so far, oldest first.
    func requests() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: requestLog.path) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Every access token the server issued so far.
    func issuedTokens() throws -> [String] {
        try requests().compactMap { $0["issued"] as? String }
    }
}

/// Starts the server around the suite (non-recursive: one server for all its tests).
struct LocalTokenEndpointTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let python = try PeerTool.require("python3")
        try #require(PeerTool.pythonHas("trustme"), "the venv's python lacks trustme (scripts/install-peers installs it)")
        let directory = try TemporaryDirectory("credfile-token-endpoint")
        let script = PeerTool.packageRoot.appendingPathComponent("Tests/CredfileKitTests/Scripts/token_server.py").path
        // An hour: in the full parallel run the suite's tests may start many minutes after the server.
        let server = try BackgroundProcess(
            python, [script, directory.url.path, LocalTokenEndpoint.clientID, LocalTokenEndpoint.secret], lifetime: 3600)
        defer { server.stop() }
        let ready = try server.waitForFile(directory.file("ready.json"), seconds: 60)
        let port = try #require((try JSONSerialization.jsonObject(with: ready) as? [String: Any])?["port"] as? Int)
        let endpoint = LocalTokenEndpoint(
            authority: "https://127.0.0.1:\(port)", caFile: directory.file("ca.pem").path,
            otherCAFile: directory.file("other-ca.pem").path, requestLog: directory.file("requests.jsonl"))
        try await LocalTokenEndpoint.$current.withValue(endpoint) { try await function() }
    }
}

extension Trait where Self == LocalTokenEndpointTrait {
    /// Runs the suite against a fresh local token endpoint.
    static var localTokenEndpoint: LocalTokenEndpointTrait { LocalTokenEndpointTrait() }
}
