internal import CCurl

/// One request through a libcurl easy handle. All of CredfileHTTP's pointer code is in this
/// folder (the C-confinement rule of scripts/test).
struct CurlTransfer {
    var client: HTTPClient
    var request: HTTPRequest

    /// Runs the transfer; the handle, the header list and the sink live exactly as long as it.
    func perform() throws(HTTPError) -> HTTPResponse {
        try Self.load()
        guard let handle = credfile_curl_easy_init() else {
            throw HTTPError(.transfer, "curl_easy_init failed (out of memory)")
        }
        defer { credfile_curl_easy_cleanup(handle) }
        let sink = ResponseSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutableRawPointer?
        defer { credfile_curl_slist_free(headerList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CREDFILE_CURL_ERROR_SIZE))
        let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var setup = configure(handle, context: context, errorBuffer: buffer.baseAddress!)
            if setup == 0 { setup = addHeaders(handle, list: &headerList) }
            if setup != 0 { return setup }
            return withExtendedLifetime(sink) { credfile_curl_perform(handle) }
        }
        if code != 0 {
            throw failure(code: code, detail: String(cString: errorBuffer), sink: sink)
        }
        var status = 0
        _ = credfile_curl_getinfo_long(handle, CREDFILE_CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headerFields(), body: sink.body)
    }

    /// Loads libcurl once per process; the reason for a failure is the loader's own sentence.
    static func load() throws(HTTPError) {
        var reason = [CChar](repeating: 0, count: 512)
        if credfile_curl_load(&reason, reason.count) != 0 {
            throw HTTPError(.libraryUnavailable, String(cString: reason))
        }
    }

    /// Every option but the headers; the first failing setopt's code, or 0.
    private func configure(_ handle: UnsafeMutableRawPointer, context: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>) -> Int32 {
        let timeout = Int(request.timeoutSeconds * 1000)
        var codes: [Int32] = [
            credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_URL, request.url),
            credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_ERRORBUFFER, errorBuffer),
            // No SIGALRM-based resolver timeouts: credfile may run this on any thread.
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_NOSIGNAL, 1),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_TIMEOUT_MS, timeout),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_CONNECTTIMEOUT_MS, timeout),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_FOLLOWLOCATION, 0),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_SSL_VERIFYPEER, 1),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_SSL_VERIFYHOST, 2),
            restrictProtocols(handle),
            credfile_curl_setopt_callback(handle, CREDFILE_CURLOPT_WRITEFUNCTION, writeBody),
            credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_WRITEDATA, context),
            credfile_curl_setopt_callback(handle, CREDFILE_CURLOPT_HEADERFUNCTION, writeHeader),
            credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_HEADERDATA, context),
        ]
        if let file = client.caFile { codes.append(credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_CAINFO, file)) }
        if let directory = client.caDirectory { codes.append(credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_CAPATH, directory)) }
        codes += method(handle)
        return codes.first { $0 != 0 } ?? 0
    }

    /// `http,https` only (CURLOPT_PROTOCOLS_STR from libcurl 7.85, the bit mask before).
    private func restrictProtocols(_ handle: UnsafeMutableRawPointer) -> Int32 {
        let code = credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_PROTOCOLS_STR, "http,https")
        return code == 0 ? 0 : credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_PROTOCOLS, CREDFILE_CURLPROTO_HTTP_HTTPS)
    }

    /// The method and the body. POSTFIELDSIZE comes before COPYPOSTFIELDS, which copies that
    /// many bytes (the body may contain NULs).
    private func method(_ handle: UnsafeMutableRawPointer) -> [Int32] {
        var codes: [Int32] = []
        switch request.method {
        case "GET": codes.append(credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_HTTPGET, 1))
        case "HEAD": codes.append(credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_NOBODY, 1))
        case "POST": codes.append(credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_POST, 1))
        default: codes.append(credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_CUSTOMREQUEST, request.method))
        }
        if request.method == "POST" || !request.body.isEmpty {
            codes.append(credfile_curl_setopt_off(handle, CREDFILE_CURLOPT_POSTFIELDSIZE_LARGE, Int64(request.body.count)))
            codes.append(request.body.withUnsafeBytes { bytes in
                // An empty array may have no storage; libcurl copies zero bytes from any pointer.
                credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            })
        }
        return codes
    }

    /// The request's header lines, plus an empty `Expect:` (suppresses 100-continue).
    private func addHeaders(_ handle: UnsafeMutableRawPointer, list: inout UnsafeMutableRawPointer?) -> Int32 {
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let extended = credfile_curl_slist_append(list, line) else { return 27 }  // CURLE_OUT_OF_MEMORY
            list = extended
        }
        return credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_HTTPHEADER, list)
    }

    /// A CURLcode as an HTTPError (the numbers are libcurl's ABI-stable CURLcode values).
    private func failure(code: Int32, detail: String, sink: ResponseSink) -> HTTPError {
        let target = "\(request.method) \(HTTPClient.redacted(request.url))"
        let reason = detail.isEmpty ? String(cString: credfile_curl_strerror(code)) : detail
        if sink.overflow {
            return HTTPError(.responseTooLarge, "\(target): the response exceeds \(HTTPClient.maximumBodySize) bytes")
        }
        let kind: HTTPError.Kind
        switch code {
        case 5, 6, 7: kind = .unreachable  // COULDNT_RESOLVE_PROXY, COULDNT_RESOLVE_HOST, COULDNT_CONNECT
        case 28: kind = .timeout  // OPERATION_TIMEDOUT
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91: kind = .tls  // SSL_* and PEER_FAILED_VERIFICATION
        case 1, 3: kind = .invalidRequest  // UNSUPPORTED_PROTOCOL, URL_MALFORMAT
        default: kind = .transfer
        }
        return HTTPError(kind, "\(target): \(reason)")
    }
}

/// Collects the response; its address is the callbacks' context.
final class ResponseSink {
    var body: [UInt8] = []
    var headerLines: [String] = []
    var headerBytes = 0
    var overflow = false

    /// The last response's header fields (an interim 1xx response's lines are discarded).
    func headerFields() -> [String: String] {
        var fields: [String: String] = [:]
        for line in headerLines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
            fields[name] = fields[name].map { "\($0), \(value)" } ?? value
        }
        return fields
    }
}

/// CURLOPT_WRITEFUNCTION: appends up to the bound; returning less than given aborts the
/// transfer (CURLE_WRITE_ERROR), which `failure` reports as too large.
private let writeBody: credfile_curl_write_callback = { data, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard sink.body.count + length <= HTTPClient.maximumBodySize else {
        sink.overflow = true
        return 0
    }
    if length > 0, let data { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
    return length
}

/// CURLOPT_HEADERFUNCTION: one complete header line per call.
private let writeHeader: credfile_curl_write_callback = { data, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    sink.headerBytes += length
    guard sink.headerBytes <= HTTPClient.maximumHeaderSize else {
        sink.overflow = true
        return 0
    }
    guard length > 0, let data else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") { sink.headerLines.removeAll() }  // a new (final or interim) response
    else { sink.headerLines.append(line) }
    return length
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
