import CredfileHTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS STS AssumeRole over the Query protocol (form-encoded POST, XML answer).
struct STSClient {
    var environment: [String: String]
    var http: HTTPTransport
    /// The profile whose `endpoint_url` applies.
    var profile: String

    /// Temporary credentials for `roleARN`. No `DurationSeconds`: the STS default (one hour),
    /// as sops sends none (kms/keysource.go, createSTSConfig).
    func assumeRole(roleARN: String, sessionName: String, credentials: AWSCredentials, region: String) throws(AWSError) -> AWSCredentials {
        let profileEndpoint = (try? SharedConfig.load(environment: environment))?.profiles[profile]?["endpoint_url"]
        let endpoint = Endpoints.url(service: "sts", region: region, environment: environment, profileEndpoint: profileEndpoint)
        let form = [
            ("Action", "AssumeRole"), ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("Version", "2011-06-15"),
        ].map { "\(SigV4Signer.uriEncode($0.0))=\(SigV4Signer.uriEncode($0.1))" }.joined(separator: "&")
        let what = "AWS STS AssumeRole of \(roleARN)"
        let response = try http.post(
            endpoint: endpoint, headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(form.utf8), signer: SigV4Signer(credentials: credentials, region: region, service: "sts"), what: what)
        let xml = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else { throw Self.failure(status: response.status, xml: xml, what: what) }
        guard let credentialsXML = XMLText.element("Credentials", in: xml),
            let id = XMLText.element("AccessKeyId", in: credentialsXML),
            let secret = XMLText.element("SecretAccessKey", in: credentialsXML),
            let token = XMLText.element("SessionToken", in: credentialsXML), !id.isEmpty, !secret.isEmpty
        else { throw AWSError(.badResponse, "\(what): the answer has no Credentials (HTTP \(response.status))") }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }

    /// An STS `<ErrorResponse>` as an AWSError (codes from the STS API reference, "Common
    /// Errors" and AssumeRole's "Errors").
    static func failure(status: Int, xml: String, what: String) -> AWSError {
        let code = XMLText.element("Code", in: xml) ?? "HTTP \(status)"
        let message = XMLText.element("Message", in: xml).map { ": \(AWSMessage.clean($0))" } ?? ""
        let kind: AWSError.Kind
        switch code {
        case "AccessDenied", "AccessDeniedException": kind = .accessDenied
        case "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "IncompleteSignature", "MissingAuthenticationToken",
            "UnrecognizedClientException", "InvalidAccessKeyId":
            kind = .credentials
        default: kind = .badResponse
        }
        return AWSError(kind, "\(what) failed: \(code)\(message)")
    }
}

/// Just enough XML for the STS answer: the text of the first `<name>…</name>`, entities
/// decoded. The answers are small (bounded by HTTPClient) and fixed in shape.
enum XMLText {
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"),
            let close = xml[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return decode(String(xml[open.upperBound..<close.lowerBound]))
    }

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#xA;", "\n"), ("&#xD;", "\r"), ("&amp;", "&")] {
            out = out.replacing(entity, with: character)
        }
        return out
    }
}

/// Server messages go into our errors only on one line and bounded.
enum AWSMessage {
    static func clean(_ text: String) -> String {
        let line = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter { !$0.isASCII || $0.asciiValue! >= 0x20 })
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
