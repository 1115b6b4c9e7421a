import CredfileCrypto
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// AWS credentials: an access key pair and, for temporary credentials, a session token.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The access key id (`AKIA…`, `ASIA…` for temporary keys); not secret, but not printed.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials (STS), sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Never the values: credentials end up in error paths and debug output.
    public var description: String { "<AWS credentials>" }
}

/// Signature Version 4 (AWS General Reference, "Create a signed AWS API request"): the
/// canonical request, the string to sign, the derived key and the `Authorization` header, over
/// CredfileCrypto's HMAC-SHA256 and SHA-256.
public struct SigV4Signer: Sendable {
    /// Who signs.
    public var credentials: AWSCredentials
    /// The signing region (`us-east-1`).
    public var region: String
    /// The signing service name (`kms`, `sts`).
    public var service: String

    /// A signer for one region and service.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// `Authorization` for a request whose `headers` already include every header to sign
    /// (at least `Host` and `X-Amz-Date`, whose value `amzDate` must be). `query` is the raw
    /// query string without `?`.
    public func authorization(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8], amzDate: String
    ) throws(AWSError) -> String {
        let (canonical, signed) = Self.canonicalRequest(method: method, path: path, query: query, headers: headers, body: body)
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let toSign = Self.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical)
        let signature = try Self.hex(hmac(signingKey(date: String(amzDate.prefix(8))), Array(toSign.utf8)))
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signed), Signature=\(signature)"
    }

    /// The request with `Host`, `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials)
    /// and `Authorization` added, all of `headers` signed. `url` is scheme://host[:port][/path][?query].
    public func sign(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8], date: Date
    ) throws(AWSError) -> [(name: String, value: String)] {
        guard let parts = URLComponents(string: url), let host = parts.host else {
            throw AWSError(.unsupported, "endpoint '\(url)' is not an absolute URL")
        }
        let amzDate = Self.amzDate(date)
        var all = headers
        all.append((name: "Host", value: parts.port.map { "\(host):\($0)" } ?? host))
        all.append((name: "X-Amz-Date", value: amzDate))
        if let token = credentials.sessionToken { all.append((name: "X-Amz-Security-Token", value: token)) }
        let path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        let value = try authorization(
            method: method, path: path, query: parts.percentEncodedQuery ?? "", headers: all, body: body, amzDate: amzDate)
        all.append((name: "Authorization", value: value))
        return all
    }

    /// The canonical request and the `SignedHeaders` list. Header names lower-cased and sorted,
    /// values trimmed with inner runs of spaces collapsed, repeated names joined with `,`; query
    /// parameters sorted by encoded name then value.
    static func canonicalRequest(
        method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8]
    ) -> (request: String, signedHeaders: String) {
        var merged: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            merged[header.name.lowercased(), default: []].append(value)
        }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signed = names.joined(separator: ";")
        let lines = [
            method, canonicalPath(path), canonicalQuery(query), canonicalHeaders, signed, hex(Digest.sha256(body)),
        ]
        return (lines.joined(separator: "\n"), signed)
    }

    /// The string to sign for a canonical request.
    static func stringToSign(amzDate: String, scope: String, canonicalRequest: String) -> String {
        ["AWS4-HMAC-SHA256", amzDate, scope, hex(Digest.sha256(Array(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    private func signingKey(date: String) throws(AWSError) -> [UInt8] {
        var key = try hmac(Array("AWS4\(credentials.secretAccessKey)".utf8), Array(date.utf8))
        for part in [region, service, "aws4_request"] { key = try hmac(key, Array(part.utf8)) }
        return key
    }

    private func hmac(_ key: [UInt8], _ message: [UInt8]) throws(AWSError) -> [UInt8] {
        do {
            return try HMAC.sha256(key: SecretBytes(key), message: message)
        } catch {
            throw AWSError(.unsupported, "hmac-sha256 failed in libcrypto")
        }
    }

    /// Each path segment URI-encoded once (services other than S3 sign the path as sent;
    /// credfile only ever sends `/` or an endpoint's own, already-encoded path).
    private static func canonicalPath(_ path: String) -> String {
        path.isEmpty ? "/" : path
    }

    /// `name=value` pairs, each side URI-encoded (RFC 3986 unreserved kept), sorted.
    private static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in percentDecoded(s) ?? String(s) }
            return (uriEncode(decode(parts[0])), parts.count > 1 ? uriEncode(decode(parts[1])) : "")
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// `%XX` sequences decoded (Foundation's `removingPercentEncoding`, which FoundationEssentials
    /// lacks): nil for a malformed escape or a result that is not UTF-8, as Foundation does.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// RFC 3986 percent-encoding with upper-case hex; `A-Z a-z 0-9 - _ . ~` stay.
    static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    static func amzDate(_ date: Date) -> String {
        // Civil date from days since 1970 (H. Hinnant's days_from_civil inverse): no Calendar,
        // which would pull in Foundation's time-zone machinery for a UTC stamp.
        let seconds = Int((date.timeIntervalSince1970).rounded(.down))
        let (days, second) = (seconds.floorDivided(by: 86400), seconds.floorModulo(86400))
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let two = { (n: Int) in String(n).leftPadded(to: 2) }
        return "\(String(year).leftPadded(to: 4))\(two(month))\(two(day))T\(two(second / 3600))\(two(second / 60 % 60))\(two(second % 60))Z"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Int {
    /// Division rounding towards negative infinity (dates before 1970 stay correct).
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }

    fileprivate func floorModulo(_ divisor: Int) -> Int {
        self - floorDivided(by: divisor) * divisor
    }
}
