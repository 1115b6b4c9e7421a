import CredfileHTTP
import CredfileTestSupport
import Foundation
import Testing

/// HTTPClient against a real HTTPS server on loopback whose certificate comes from a
/// throw-away CA (Python's http.server + `trustme`), started per test and always stopped.
@Suite(.enabled(if: PeerTool.isCI || PeerTool.pythonHas("trustme")))
struct HTTPClientTests {
    /// Runs `body` with the server's base URL and the path of its CA certificate.
    private func withServer(_ body: (_ base: String, _ caFile: String) throws -> Void) throws {
        let python = try PeerTool.require("python3")
        try #require(PeerTool.pythonHas("trustme"), "the venv's python lacks trustme (scripts/install-peers installs it)")
        let directory = try TemporaryDirectory("credfile-https")
        let script = PeerTool.packageRoot.appendingPathComponent("Tests/CredfileHTTPTests/Scripts/https_server.py").path
        let server = try BackgroundProcess(python, [script, directory.url.path], lifetime: 300)
        defer { server.stop() }
        let ready = try server.waitForFile(directory.file("ready.json"), seconds: 60)
        let port = try #require((try JSONSerialization.jsonObject(with: ready) as? [String: Any])?["port"] as? Int)
        try body("https://127.0.0.1:\(port)", directory.file("ca.pem").path)
    }

    @Test func trustedCAFromSSLCertFileGivesTheResponse() throws {
        try withServer { base, ca in
            let client = HTTPClient(environment: ["SSL_CERT_FILE": ca])
            let response = try client.send(HTTPRequest(method: "GET", url: "\(base)/hello", timeoutSeconds: 10))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "hello over tls")
            #expect(response.headers["x-test"] == "one")
        }
    }

    @Test func defaultTrustStoreRejectsThePrivateCA() throws {
        try withServer { base, _ in
            let error = #expect(throws: HTTPError.self) {
                try HTTPClient(environment: [:]).send(HTTPRequest(method: "GET", url: "\(base)/hello", timeoutSeconds: 10))
            }
            #expect(error?.kind == .tls)
            #expect(error?.message.contains("127.0.0.1") == true)
        }
    }

    @Test func postSendsBodyAndHeadersExactly() throws {
        try withServer { base, ca in
            let body: [UInt8] = [0, 1, 2, 0xFF] + Array("é{}".utf8)
            let request = HTTPRequest(
                method: "POST", url: "\(base)/echo",
                headers: [(name: "Content-Type", value: "application/x-amz-json-1.1"), (name: "X-Amz-Target", value: "TrentService.Encrypt")],
                body: body, timeoutSeconds: 10)
            let response = try HTTPClient(caFile: ca).send(request)
            #expect(response.status == 201)
            let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(echo["body"] as? String == body.map { String(format: "%02x", $0) }.joined())
            let headers = try #require(echo["headers"] as? [String: String])
            #expect(headers["content-type"] == "application/x-amz-json-1.1")
            #expect(headers["x-amz-target"] == "TrentService.Encrypt")
            #expect(headers["expect"] == nil)
        }
    }

    @Test func slowAnswerIsATimeout() throws {
        try withServer { base, ca in
            let start = Date()
            let error = #expect(throws: HTTPError.self) {
                try HTTPClient(caFile: ca).send(HTTPRequest(method: "GET", url: "\(base)/slow", timeoutSeconds: 1))
            }
            #expect(error?.kind == .timeout)
            #expect(Date().timeIntervalSince(start) < 4)
        }
    }

    @Test func redirectsAreNotFollowedAndLargeBodiesAreRefused() throws {
        try withServer { base, ca in
            let client = HTTPClient(caFile: ca)
            let redirect = try client.send(HTTPRequest(method: "GET", url: "\(base)/redirect", timeoutSeconds: 10))
            #expect(redirect.status == 302)
            #expect(redirect.headers["location"] == "/hello")
            let error = #expect(throws: HTTPError.self) {
                try client.send(HTTPRequest(method: "GET", url: "\(base)/big", timeoutSeconds: 10))
            }
            #expect(error?.kind == .responseTooLarge)
        }
    }
}

/// What needs no server: refusals before sending, and a closed port.
struct HTTPClientLocalTests {
    @Test func closedPortIsUnreachableAtOnce() throws {
        let start = Date()
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient().send(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/x?secret=1", timeoutSeconds: 10))
        }
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("secret") == false)  // the query never reaches a message
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func otherSchemesAndLineBreaksAreRefusedBeforeSending() {
        for request in [
            HTTPRequest(method: "GET", url: "file:///etc/passwd"),
            HTTPRequest(method: "GET", url: "https://example.com/", headers: [(name: "X-A", value: "1\r\nX-B: 2")]),
            HTTPRequest(method: "get", url: "https://example.com/"),
        ] {
            let error = #expect(throws: HTTPError.self) { try HTTPClient().send(request) }
            #expect(error?.kind == .invalidRequest)
        }
    }
}
