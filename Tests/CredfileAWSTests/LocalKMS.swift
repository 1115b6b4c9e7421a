import CredfileTestSupport
import Foundation
import Testing

/// A real local AWS for a whole suite: moto's server (KMS, STS, IAM), set up by
/// Scripts/kms_server.py through boto3, with IAM authentication on, started on a free loopback
/// port before the suite's first test and stopped after its last.
struct LocalKMS: Sendable {
    var endpoint: String
    var region: String
    var accessKeyID: String
    var secretAccessKey: String
    var keyARN: String
    var aliasARN: String
    var disabledKeyARN: String
    /// A server answering every call with KMS's DisabledException (moto does not check key state).
    var disabledEndpoint: String
    var roleARN: String
    var roleWithoutKMSARN: String
    /// The 32 bytes boto3 encrypted into `contextBlob`, with context app=credfile, env=test.
    var plaintext: [UInt8]
    var contextBlob: String
    var disabledBlob: String

    @TaskLocal static var current: LocalKMS?

    /// The suite's server (the trait below provides it).
    static func require() throws -> LocalKMS {
        try #require(current, "no local KMS: the suite needs the .localKMS trait")
    }

    /// The environment of a client that reaches it with the valid IAM user's keys, with HOME in
    /// `home` (so no real ~/.aws is read).
    func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey,
            "HOME": home.path,
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }
}

/// Starts the server around the suite (a non-recursive suite trait: one server for all tests).
struct LocalKMSTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let python = try PeerTool.require("python3")
        _ = try PeerTool.require("moto_server")  // moto[server] installed (scripts/install-peers)
        let directory = try TemporaryDirectory("credfile-moto")
        let script = PeerTool.packageRoot.appendingPathComponent("Tests/CredfileAWSTests/Scripts/kms_server.py").path
        let server = try BackgroundProcess(python, [script, directory.file("ready.json").path], lifetime: 600)
        defer { server.stop() }
        let data = try server.waitForFile(directory.file("ready.json"), seconds: 90)
        let info = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        let field = { (name: String) throws -> String in try #require(info[name], "ready file lacks \(name)") }
        let hex = try field("plaintextHex")
        let plaintext = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        let kms = LocalKMS(
            endpoint: try field("endpoint"), region: try field("region"), accessKeyID: try field("accessKeyId"),
            secretAccessKey: try field("secretAccessKey"), keyARN: try field("keyArn"), aliasARN: try field("aliasArn"),
            disabledKeyARN: try field("disabledKeyArn"), disabledEndpoint: try field("disabledEndpoint"), roleARN: try field("roleArn"), roleWithoutKMSARN: try field("roleWithoutKmsArn"),
            plaintext: plaintext, contextBlob: try field("contextBlob"), disabledBlob: try field("disabledBlob"))
        try await LocalKMS.$current.withValue(kms) { try await function() }
    }
}

extension Trait where Self == LocalKMSTrait {
    /// Runs the suite against a fresh local KMS.
    static var localKMS: LocalKMSTrait { LocalKMSTrait() }
}
