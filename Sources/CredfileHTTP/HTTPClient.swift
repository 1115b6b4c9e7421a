/// One HTTP request: what `HTTPClient.send` transmits.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, `PUT`, `DELETE`, `HEAD` … (upper case).
    public var method: String
    /// An absolute `http://` or `https://` URL; nothing else is allowed through.
    public var url: String
    /// Header lines in order, as sent. libcurl adds `Host`, `Content-Length` and `Accept`
    /// unless given here; `Expect` is always suppressed (no 100-continue round trip).
    public var headers: [(name: String, value: String)]
    /// The request body (empty: none).
    public var body: [UInt8]
    /// Seconds for the whole exchange, connection included.
    public var timeoutSeconds: Double

    /// A request; nothing is sent until `HTTPClient.send`.
    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeoutSeconds: Double = 30
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What came back: any status, including 4xx and 5xx (those are answers, not errors here).
public struct HTTPResponse: Sendable {
    /// The final status code.
    public var status: Int
    /// Header fields by lower-cased name; repeated fields joined with ", ".
    public var headers: [String: String]
    /// The body, at most `HTTPClient.maximumBodySize` bytes.
    public var body: [UInt8]

    /// A response (tests build them; `send` returns them).
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// HTTP(S) over libcurl, loaded on first use (Sources/CCurl): TLS peer and host verification
/// always on, redirects never followed, only `http` and `https`, bounded responses.
///
/// The trust store is libcurl's default unless `SSL_CERT_FILE` / `SSL_CERT_DIR` name another
/// (the OpenSSL variables, which libcurl itself does not read), so a private CA is reached the
/// way other OpenSSL-based tools reach it.
public struct HTTPClient: Sendable {
    /// The largest response body accepted; a larger one fails with `.responseTooLarge`. Every
    /// API credfile talks to answers in a few kilobytes.
    public static let maximumBodySize = 1 << 20
    /// The largest total size of response header lines accepted.
    public static let maximumHeaderSize = 64 << 10

    /// A PEM bundle of trusted CAs instead of libcurl's default (CURLOPT_CAINFO).
    public var caFile: String?
    /// A hashed directory of trusted CAs (CURLOPT_CAPATH).
    public var caDirectory: String?

    /// A client trusting `caFile` / `caDirectory`, or libcurl's default store when both are nil.
    public init(caFile: String? = nil, caDirectory: String? = nil) {
        self.caFile = caFile
        self.caDirectory = caDirectory
    }

    /// A client configured from the process environment: `SSL_CERT_FILE`, `SSL_CERT_DIR`
    /// (empty values are ignored).
    public init(environment: [String: String]) {
        self.init(
            caFile: environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 },
            caDirectory: environment["SSL_CERT_DIR"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Sends `request` and waits for the whole response (or the timeout).
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        try Self.validate(request)
        return try CurlTransfer(client: self, request: request).perform()
    }

    /// Checks what libcurl would otherwise accept too liberally (other schemes, header
    /// injection through a line break).
    static func validate(_ request: HTTPRequest) throws(HTTPError) {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw HTTPError(.invalidRequest, "only http:// and https:// URLs are supported")
        }
        guard !request.method.isEmpty, request.method.allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            throw HTTPError(.invalidRequest, "the method must be an upper-case word")
        }
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        let breaks: (String) -> Bool = { $0.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) }
        guard !breaks(request.url), !request.headers.contains(where: { breaks($0.name) || breaks($0.value) || $0.name.contains(":") }) else {
            throw HTTPError(.invalidRequest, "a URL or header contains a line break, NUL or a colon in a name")
        }
        guard request.timeoutSeconds > 0, request.timeoutSeconds <= 3600 else {
            throw HTTPError(.invalidRequest, "the timeout must be between 0 and 3600 seconds")
        }
    }

    /// The URL without query or fragment, for messages: a query may carry a secret.
    static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" && $0 != "#" })
    }
}

/// The one error type of `CredfileHTTP`: the request did not produce a response.
///
/// Messages name the method, the URL without its query, and libcurl's reason; never a header
/// value or a body.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failure class, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// libcurl could not be loaded (not installed, or built without its headers).
        case libraryUnavailable
        /// The request itself is not acceptable (scheme, method, line breaks, timeout).
        case invalidRequest
        /// No connection: name resolution failed or the peer refused or was unreachable.
        case unreachable
        /// The timeout passed first.
        case timeout
        /// TLS failed: certificate not trusted, wrong host name, handshake error.
        case tls
        /// The body or the headers exceeded the bounds.
        case responseTooLarge
        /// Any other transfer failure libcurl reported.
        case transfer
    }

    /// The failure class.
    public var kind: Kind
    /// One line for a person.
    public var message: String

    /// An error of `kind` with `message` (which must follow the rules above).
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
