#ifndef CREDFILE_CCURL_H
#define CREDFILE_CCURL_H
// libcurl, loaded with dlopen on first use rather than linked: a command that uses no network
// must not pay for libcurl and its ~20 dependent libraries in the dynamic loader at start-up.
// Every function here is non-variadic (Swift cannot call curl_easy_setopt's `...`), and the
// option numbers are our own names for libcurl's ABI-stable values — ccurl.c checks each one
// against <curl/curl.h> when the headers are there — so this header needs no libcurl headers.
#include <stddef.h>
#include <stdint.h>

/// The options credfile sets (values = libcurl's CURLOPT_* numbers).
typedef enum {
    CREDFILE_CURLOPT_WRITEDATA = 10001,
    CREDFILE_CURLOPT_URL = 10002,
    CREDFILE_CURLOPT_ERRORBUFFER = 10010,
    CREDFILE_CURLOPT_WRITEFUNCTION = 20011,
    CREDFILE_CURLOPT_HTTPHEADER = 10023,
    CREDFILE_CURLOPT_HEADERDATA = 10029,
    CREDFILE_CURLOPT_CUSTOMREQUEST = 10036,
    CREDFILE_CURLOPT_NOBODY = 44,
    CREDFILE_CURLOPT_POST = 47,
    CREDFILE_CURLOPT_FOLLOWLOCATION = 52,
    CREDFILE_CURLOPT_SSL_VERIFYPEER = 64,
    CREDFILE_CURLOPT_CAINFO = 10065,
    CREDFILE_CURLOPT_HEADERFUNCTION = 20079,
    CREDFILE_CURLOPT_HTTPGET = 80,
    CREDFILE_CURLOPT_SSL_VERIFYHOST = 81,
    CREDFILE_CURLOPT_CAPATH = 10097,
    CREDFILE_CURLOPT_NOSIGNAL = 99,
    CREDFILE_CURLOPT_POSTFIELDSIZE_LARGE = 30120,
    CREDFILE_CURLOPT_TIMEOUT_MS = 155,
    CREDFILE_CURLOPT_CONNECTTIMEOUT_MS = 156,
    CREDFILE_CURLOPT_COPYPOSTFIELDS = 10165,
    CREDFILE_CURLOPT_PROTOCOLS = 181,
    CREDFILE_CURLOPT_PROTOCOLS_STR = 10318,
    // SMTP (Sources/CredfileHTTP/Curl/CurlSMTPSession.swift).
    CREDFILE_CURLOPT_READDATA = 10009,
    CREDFILE_CURLOPT_READFUNCTION = 20012,
    CREDFILE_CURLOPT_VERBOSE = 41,
    CREDFILE_CURLOPT_UPLOAD = 46,
    CREDFILE_CURLOPT_DEBUGFUNCTION = 20094,
    CREDFILE_CURLOPT_DEBUGDATA = 10095,
    CREDFILE_CURLOPT_INFILESIZE_LARGE = 30115,
    CREDFILE_CURLOPT_USE_SSL = 119,
    CREDFILE_CURLOPT_CONNECT_ONLY = 141,
    CREDFILE_CURLOPT_USERNAME = 10173,
    CREDFILE_CURLOPT_PASSWORD = 10174,
    CREDFILE_CURLOPT_MAIL_FROM = 10186,
    CREDFILE_CURLOPT_MAIL_RCPT = 10187,
    CREDFILE_CURLOPT_LOGIN_OPTIONS = 10224,
} credfile_curl_option;

/// The one piece of information read back (CURLINFO_RESPONSE_CODE).
#define CREDFILE_CURLINFO_RESPONSE_CODE 0x200002
/// CURLPROTO_HTTP | CURLPROTO_HTTPS, for the pre-7.85 CURLOPT_PROTOCOLS.
#define CREDFILE_CURLPROTO_HTTP_HTTPS 3L
/// CURLPROTO_SMTP | CURLPROTO_SMTPS, for the pre-7.85 CURLOPT_PROTOCOLS.
#define CREDFILE_CURLPROTO_SMTP_SMTPS 0x30000L  /* (1 << 16) | (1 << 17) */
/// CURLOPT_USE_SSL values: CURLUSESSL_NONE (no TLS at all) and CURLUSESSL_ALL (STARTTLS or fail;
/// never CURLUSESSL_TRY, which would fall back to plain text).
#define CREDFILE_CURLUSESSL_NONE 0L
#define CREDFILE_CURLUSESSL_ALL 3L
/// curl_infotype CURLINFO_HEADER_IN: a protocol line received from the server (for SMTP, one
/// reply line). The only debug type credfile reads; outgoing lines carry the AUTH credentials.
#define CREDFILE_CURLINFO_HEADER_IN 1
/// CURL_ERROR_SIZE: the size CURLOPT_ERRORBUFFER's buffer must have.
#define CREDFILE_CURL_ERROR_SIZE 256

/// The body and header callback type (curl_write_callback).
typedef size_t (*credfile_curl_write_callback)(char *data, size_t size, size_t count, void *context);

/// The read callback (curl_read_callback) has the write callback's shape.
/// The debug callback (curl_debug_callback); `type` is a curl_infotype.
typedef int (*credfile_curl_debug_callback)(void *handle, int type, char *data, size_t size, void *context);

/// Loads libcurl (once per process; later calls return the first outcome). 0 on success;
/// otherwise a one-line reason is copied into `reason` (NUL-terminated, truncated to `capacity`).
int credfile_curl_load(char *reason, size_t capacity);

/// curl_easy_init; NULL when libcurl is not loaded or out of memory.
void *credfile_curl_easy_init(void);
/// curl_easy_cleanup.
void credfile_curl_easy_cleanup(void *handle);
/// curl_easy_setopt with a long, a data pointer, a string, a curl_off_t or a callback.
int credfile_curl_setopt_long(void *handle, credfile_curl_option option, long value);
int credfile_curl_setopt_ptr(void *handle, credfile_curl_option option, void *value);
int credfile_curl_setopt_str(void *handle, credfile_curl_option option, const char *value);
int credfile_curl_setopt_off(void *handle, credfile_curl_option option, int64_t value);
int credfile_curl_setopt_callback(void *handle, credfile_curl_option option, credfile_curl_write_callback value);
int credfile_curl_setopt_debug(void *handle, credfile_curl_option option, credfile_curl_debug_callback value);
/// curl_easy_perform: a CURLcode.
int credfile_curl_perform(void *handle);
/// curl_easy_getinfo for a long-valued item.
int credfile_curl_getinfo_long(void *handle, int info, long *value);
/// The TLS protocol version of the handle's live connection ("TLSv1.3"), or NULL when unknown:
/// only for libcurl built on OpenSSL (CURLINFO_TLS_SSL_PTR gives the SSL *, and SSL_get_version
/// is looked up in the libssl that libcurl itself loaded). Valid while the connection is open.
const char *credfile_curl_tls_version(void *handle);
/// curl_slist_append (NULL list starts one; returns NULL on failure) and curl_slist_free_all.
void *credfile_curl_slist_append(void *list, const char *line);
void credfile_curl_slist_free(void *list);
/// curl_easy_strerror; a fixed string when libcurl is not loaded.
const char *credfile_curl_strerror(int code);

#endif
