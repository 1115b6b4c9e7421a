import CredfileHTTP
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The HTTP side of a KMS or STS call: signs, sends, and turns transport failures into
/// `AWSError`s.
struct HTTPTransport: Sendable {
    var client: HTTPClient
    var timeoutSeconds: Double

    /// `AWS_CA_BUNDLE` (the SDK's own variable) first, then `SSL_CERT_FILE` / `SSL_CERT_DIR`.
    init(environment: [String: String], timeoutSeconds: Double) {
        var client = HTTPClient(environment: environment)
        if let bundle = environment["AWS_CA_BUNDLE"], !bundle.isEmpty { client.caFile = bundle }
        self.client = client
        self.timeoutSeconds = timeoutSeconds
    }

    /// A signed POST of `body` to `endpoint`; what `what` names appears in error messages.
    func post(
        endpoint: String, headers: [(name: String, value: String)], body: [UInt8], signer: SigV4Signer, what: String
    ) throws(AWSError) -> HTTPResponse {
        let signed = try signer.sign(method: "POST", url: endpoint, headers: headers, body: body, date: Date())
        let request = HTTPRequest(method: "POST", url: endpoint, headers: signed, body: body, timeoutSeconds: timeoutSeconds)
        do {
            return try client.send(request)
        } catch {
            let kind: AWSError.Kind
            switch error.kind {
            case .timeout: kind = .timeout
            case .unreachable, .tls: kind = .unreachable
            case .libraryUnavailable, .invalidRequest: kind = .unsupported
            case .responseTooLarge, .transfer: kind = .badResponse
            }
            throw AWSError(kind, "\(what): \(error.message)")
        }
    }
}
