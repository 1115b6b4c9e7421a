internal import CCurl

/// One SMTP exchange through a libcurl easy handle: a CONNECT_ONLY transfer for `login`
/// (libcurl's SMTP connect phase is greeting, EHLO, STARTTLS, EHLO, AUTH; cleanup says QUIT),
/// or a full upload for `send`. All of CredfileMail's pointer code is in this folder.
struct CurlSMTPTransfer {
    /// The envelope and the message of a `send`.
    struct Mail {
        var sender: String
        var recipients: [String]
        var message: [UInt8]
    }

    var client: SMTPClient
    var server: SMTPServer
    var mail: Mail?

    /// Runs the exchange; handle, recipient list and state live exactly as long as it.
    func perform() throws(MailError) -> SMTPSession {
        try Self.load()
        guard let handle = credfile_curl_easy_init() else {
            throw MailError(.transfer, "curl_easy_init failed (out of memory)")
        }
        let state = ExchangeState(server: server, message: mail?.message ?? [], handle: handle)
        var recipientList: UnsafeMutableRawPointer?
        defer { credfile_curl_slist_free(recipientList) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CREDFILE_CURL_ERROR_SIZE))
        let code = errorBuffer.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var setup = configure(handle, state: state, errorBuffer: buffer.baseAddress!)
            if setup == 0, let mail { setup = envelope(handle, mail, list: &recipientList) }
            if setup != 0 { return setup }
            return withExtendedLifetime(state) { credfile_curl_perform(handle) }
        }
        credfile_curl_easy_cleanup(handle)  // says QUIT on a live connection
        state.transcript.flush()
        let session = SMTPSession(replies: state.transcript.replies, tlsVersion: state.tlsVersion, security: server.security)
        if code != 0 { throw failure(code: code, detail: Self.text(errorBuffer), session: session, state: state) }
        if server.username != nil && session.mechanisms.isEmpty {
            throw MailError(.authenticationNotOffered, "\(target): the server offers no AUTH, so the credential could not be checked", session: session)
        }
        return session
    }

    /// Loads libcurl once per process; the reason for a failure is the loader's own sentence.
    static func load() throws(MailError) {
        var reason = [CChar](repeating: 0, count: 512)
        if credfile_curl_load(&reason, reason.count) != 0 {
            throw MailError(.libraryUnavailable, text(reason))
        }
    }

    /// A NUL-terminated buffer as text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private var target: String { "\(server.host):\(server.port)" }

    /// Every option but the envelope; the first failing setopt's code, or 0.
    private func configure(_ handle: UnsafeMutableRawPointer, state: ExchangeState, errorBuffer: UnsafeMutablePointer<CChar>) -> Int32 {
        let timeout = Int(server.timeoutSeconds * 1000)
        let context = Unmanaged.passUnretained(state).toOpaque()
        var codes: [Int32] = [
            credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_URL, server.url),
            credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_ERRORBUFFER, errorBuffer),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_NOSIGNAL, 1),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_TIMEOUT_MS, timeout),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_CONNECTTIMEOUT_MS, timeout),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_SSL_VERIFYPEER, 1),
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_SSL_VERIFYHOST, 2),
            restrictProtocols(handle),
            // STARTTLS or fail (never CURLUSESSL_TRY); smtps:// is TLS from the start anyway.
            credfile_curl_setopt_long(
                handle, CREDFILE_CURLOPT_USE_SSL, server.security == .none ? CREDFILE_CURLUSESSL_NONE : CREDFILE_CURLUSESSL_ALL),
            // The debug callback only runs in verbose mode; it keeps incoming reply lines only,
            // and libcurl then writes nothing to stderr itself.
            credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_VERBOSE, 1),
            credfile_curl_setopt_debug(handle, CREDFILE_CURLOPT_DEBUGFUNCTION, receiveLine),
            credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_DEBUGDATA, context),
        ]
        if let username = server.username {
            codes += [
                credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_USERNAME, username),
                credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_PASSWORD, server.password ?? ""),
                // The mechanisms credfile uses, PLAIN preferred (libcurl's order), whichever the
                // server offers; one it does not offer is never tried.
                credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_LOGIN_OPTIONS, "AUTH=PLAIN;AUTH=LOGIN"),
            ]
        }
        if let file = client.caFile { codes.append(credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_CAINFO, file)) }
        if let directory = client.caDirectory { codes.append(credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_CAPATH, directory)) }
        if mail == nil {
            codes.append(credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_CONNECT_ONLY, 1))
        } else {
            codes += [
                credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_UPLOAD, 1),
                credfile_curl_setopt_off(handle, CREDFILE_CURLOPT_INFILESIZE_LARGE, Int64(state.message.count)),
                credfile_curl_setopt_callback(handle, CREDFILE_CURLOPT_READFUNCTION, readMessage),
                credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_READDATA, context),
            ]
        }
        return codes.first { $0 != 0 } ?? 0
    }

    /// `smtp,smtps` only (CURLOPT_PROTOCOLS_STR from libcurl 7.85, the bit mask before).
    private func restrictProtocols(_ handle: UnsafeMutableRawPointer) -> Int32 {
        let code = credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        return code == 0 ? 0 : credfile_curl_setopt_long(handle, CREDFILE_CURLOPT_PROTOCOLS, CREDFILE_CURLPROTO_SMTP_SMTPS)
    }

    /// MAIL FROM and the RCPT TO list (addresses in angle brackets, as libcurl passes them on).
    private func envelope(_ handle: UnsafeMutableRawPointer, _ mail: Mail, list: inout UnsafeMutableRawPointer?) -> Int32 {
        for recipient in mail.recipients {
            guard let extended = credfile_curl_slist_append(list, "<\(recipient)>") else { return 27 }  // CURLE_OUT_OF_MEMORY
            list = extended
        }
        let from = credfile_curl_setopt_str(handle, CREDFILE_CURLOPT_MAIL_FROM, "<\(mail.sender)>")
        return from != 0 ? from : credfile_curl_setopt_ptr(handle, CREDFILE_CURLOPT_MAIL_RCPT, list)
    }

    /// A CURLcode as a MailError (libcurl's ABI-stable CURLcode numbers).
    private func failure(code: Int32, detail: String, session: SMTPSession, state: ExchangeState) -> MailError {
        let reason = detail.isEmpty ? String(cString: credfile_curl_strerror(code)) : detail
        let reply = session.lastReply.map { " (server: \($0))" } ?? ""
        switch code {
        case 5, 6, 7: return MailError(.unreachable, "\(target): \(reason)", session: session)
        case 28: return MailError(.timeout, "\(target): \(reason)", session: session)
        case 35, 51, 53, 54, 58, 59, 60, 66, 77, 80, 82, 83, 90, 91: return MailError(.tls, "\(target): \(reason)", session: session)
        case 64: return MailError(.startTLSUnavailable, "\(target): \(reason)", session: session)
        case 67: return MailError(.authenticationFailed, "\(target): \(reason)\(reply)", session: session)
        case 1, 3: return MailError(.invalidRequest, "\(target): \(reason)", session: session)
        case 42 where state.refusedUnauthenticated:  // ABORTED_BY_CALLBACK, by readMessage
            return MailError(.authenticationNotOffered, "\(target): the server offers no AUTH; the message was not sent", session: session)
        case 8 where session.lastReply.map({ $0.code >= 400 }) ?? false, 55 where session.lastReply.map({ $0.code >= 400 }) ?? false:
            // WEIRD_SERVER_REPLY, SEND_ERROR after a refusal: MAIL, RCPT, DATA or the message.
            return MailError(.rejected, "\(target): \(reason)\(reply)", session: session)
        default: return MailError(.transfer, "\(target): \(reason)\(reply)", session: session)
        }
    }
}

/// What the callbacks share: the transcript, the message being read, the TLS version.
final class ExchangeState {
    var transcript: SMTPTranscript
    let message: [UInt8]
    var offset = 0
    var tlsVersion: String?
    var refusedUnauthenticated = false
    let wantsAuthentication: Bool
    let usesTLS: Bool
    let handle: UnsafeMutableRawPointer

    init(server: SMTPServer, message: [UInt8], handle: UnsafeMutableRawPointer) {
        transcript = SMTPTranscript(username: server.username, password: server.password)
        self.message = message
        self.handle = handle
        wantsAuthentication = server.username != nil
        usesTLS = server.security != .none
    }

    /// The version of the live connection's TLS (nil without TLS or when unknown).
    func readTLSVersion() {
        guard tlsVersion == nil, let version = credfile_curl_tls_version(handle) else { return }
        tlsVersion = String(cString: version)
    }
}

/// CURLOPT_DEBUGFUNCTION: reply lines (CURLINFO_HEADER_IN) into the transcript; everything
/// else — outgoing commands with the AUTH exchange, TLS data, libcurl's own text — is dropped.
private let receiveLine: credfile_curl_debug_callback = { _, type, data, size, context in
    guard type == CREDFILE_CURLINFO_HEADER_IN, let data, let context else { return 0 }
    let state = Unmanaged<ExchangeState>.fromOpaque(context).takeUnretainedValue()
    state.transcript.receive(Array(UnsafeRawBufferPointer(start: data, count: size)))
    // The connection is attached to the handle only during the transfer (CONNECT_ONLY detaches
    // it at the end), so the TLS version is read here, from a reply that came over TLS.
    if state.usesTLS { state.readTLSVersion() }
    return 0
}

/// CURLOPT_READFUNCTION: the message, as much as fits. Before the first byte (DATA was
/// accepted, so TLS and AUTH are done) it reads the TLS version, and aborts when a credential
/// was meant to authenticate but the server offered no AUTH (libcurl then skips AUTH silently).
private let readMessage: credfile_curl_write_callback = { buffer, size, count, context in
    let state = Unmanaged<ExchangeState>.fromOpaque(context!).takeUnretainedValue()
    if state.offset == 0 {
        var probe = state.transcript
        probe.flush()
        if state.wantsAuthentication && SMTPSession(replies: probe.replies, tlsVersion: nil, security: .none).mechanisms.isEmpty {
            state.refusedUnauthenticated = true
            return 0x1000_0000  // CURL_READFUNC_ABORT
        }
    }
    let length = min(size * count, state.message.count - state.offset)
    guard length > 0, let buffer else { return 0 }
    state.message.withUnsafeBytes { bytes in
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + state.offset, byteCount: length)
    }
    state.offset += length
    return length
}
