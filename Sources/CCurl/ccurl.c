// The lazy libcurl loader behind include/ccurl.h. No logic beyond loading and forwarding.
#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#if __has_include(<curl/curl.h>)
#include <curl/curl.h>

// Our option names must be libcurl's numbers; a mismatch fails the build, not a request.
#define SAME(ours, theirs) _Static_assert((long)(ours) == (long)(theirs), #ours " != " #theirs)
SAME(CREDFILE_CURLOPT_WRITEDATA, CURLOPT_WRITEDATA);
SAME(CREDFILE_CURLOPT_URL, CURLOPT_URL);
SAME(CREDFILE_CURLOPT_ERRORBUFFER, CURLOPT_ERRORBUFFER);
SAME(CREDFILE_CURLOPT_WRITEFUNCTION, CURLOPT_WRITEFUNCTION);
SAME(CREDFILE_CURLOPT_HTTPHEADER, CURLOPT_HTTPHEADER);
SAME(CREDFILE_CURLOPT_HEADERDATA, CURLOPT_HEADERDATA);
SAME(CREDFILE_CURLOPT_CUSTOMREQUEST, CURLOPT_CUSTOMREQUEST);
SAME(CREDFILE_CURLOPT_NOBODY, CURLOPT_NOBODY);
SAME(CREDFILE_CURLOPT_POST, CURLOPT_POST);
SAME(CREDFILE_CURLOPT_FOLLOWLOCATION, CURLOPT_FOLLOWLOCATION);
SAME(CREDFILE_CURLOPT_SSL_VERIFYPEER, CURLOPT_SSL_VERIFYPEER);
SAME(CREDFILE_CURLOPT_CAINFO, CURLOPT_CAINFO);
SAME(CREDFILE_CURLOPT_HEADERFUNCTION, CURLOPT_HEADERFUNCTION);
SAME(CREDFILE_CURLOPT_HTTPGET, CURLOPT_HTTPGET);
SAME(CREDFILE_CURLOPT_SSL_VERIFYHOST, CURLOPT_SSL_VERIFYHOST);
SAME(CREDFILE_CURLOPT_CAPATH, CURLOPT_CAPATH);
SAME(CREDFILE_CURLOPT_NOSIGNAL, CURLOPT_NOSIGNAL);
SAME(CREDFILE_CURLOPT_POSTFIELDSIZE_LARGE, CURLOPT_POSTFIELDSIZE_LARGE);
SAME(CREDFILE_CURLOPT_TIMEOUT_MS, CURLOPT_TIMEOUT_MS);
SAME(CREDFILE_CURLOPT_CONNECTTIMEOUT_MS, CURLOPT_CONNECTTIMEOUT_MS);
SAME(CREDFILE_CURLOPT_COPYPOSTFIELDS, CURLOPT_COPYPOSTFIELDS);
SAME(CREDFILE_CURLOPT_PROTOCOLS, 181);  // CURLOPT_PROTOCOLS: its name is deprecated (warns)
#if LIBCURL_VERSION_NUM >= 0x075500
SAME(CREDFILE_CURLOPT_PROTOCOLS_STR, CURLOPT_PROTOCOLS_STR);
#endif
SAME(CREDFILE_CURLOPT_READDATA, CURLOPT_READDATA);
SAME(CREDFILE_CURLOPT_READFUNCTION, CURLOPT_READFUNCTION);
SAME(CREDFILE_CURLOPT_VERBOSE, CURLOPT_VERBOSE);
SAME(CREDFILE_CURLOPT_UPLOAD, CURLOPT_UPLOAD);
SAME(CREDFILE_CURLOPT_DEBUGFUNCTION, CURLOPT_DEBUGFUNCTION);
SAME(CREDFILE_CURLOPT_DEBUGDATA, CURLOPT_DEBUGDATA);
SAME(CREDFILE_CURLOPT_INFILESIZE_LARGE, CURLOPT_INFILESIZE_LARGE);
SAME(CREDFILE_CURLOPT_USE_SSL, CURLOPT_USE_SSL);
SAME(CREDFILE_CURLOPT_CONNECT_ONLY, CURLOPT_CONNECT_ONLY);
SAME(CREDFILE_CURLOPT_USERNAME, CURLOPT_USERNAME);
SAME(CREDFILE_CURLOPT_PASSWORD, CURLOPT_PASSWORD);
SAME(CREDFILE_CURLOPT_MAIL_FROM, CURLOPT_MAIL_FROM);
SAME(CREDFILE_CURLOPT_MAIL_RCPT, CURLOPT_MAIL_RCPT);
SAME(CREDFILE_CURLOPT_LOGIN_OPTIONS, CURLOPT_LOGIN_OPTIONS);
SAME(CREDFILE_CURLPROTO_SMTP_SMTPS, (CURLPROTO_SMTP | CURLPROTO_SMTPS));
SAME(CREDFILE_CURLUSESSL_NONE, CURLUSESSL_NONE);
SAME(CREDFILE_CURLUSESSL_ALL, CURLUSESSL_ALL);
SAME(CREDFILE_CURLINFO_HEADER_IN, CURLINFO_HEADER_IN);
SAME(CREDFILE_CURLINFO_RESPONSE_CODE, CURLINFO_RESPONSE_CODE);
SAME(CREDFILE_CURL_ERROR_SIZE, CURL_ERROR_SIZE);
SAME(CREDFILE_CURLPROTO_HTTP_HTTPS, (CURLPROTO_HTTP | CURLPROTO_HTTPS));

#ifndef CREDFILE_CURL_LIBRARY  // overridable, to check the missing-library message
#ifdef __APPLE__
#define CREDFILE_CURL_LIBRARY "libcurl.4.dylib"
#else
#define CREDFILE_CURL_LIBRARY "libcurl.so.4"
#endif
#endif

// The entry points, resolved by name from the loaded library.
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static void *loaded_library;  // libcurl's handle: dlsym on it also searches its dependencies (libssl)

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_failure[256];  // empty after a successful load

static int resolve(void *library, const char *name, void **slot) {
    *slot = dlsym(library, name);
    if (*slot == NULL) {
        snprintf(load_failure, sizeof load_failure, "%s has no symbol %s", CREDFILE_CURL_LIBRARY, name);
        return -1;
    }
    return 0;
}

static void load(void) {
    void *library = dlopen(CREDFILE_CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(load_failure, sizeof load_failure,
                 "cannot load %s (install libcurl, e.g. the libcurl4 package): %s", CREDFILE_CURL_LIBRARY, dlerror());
        return;
    }
    if (resolve(library, "curl_global_init", (void **)&api.global_init) || resolve(library, "curl_easy_init", (void **)&api.easy_init) ||
        resolve(library, "curl_easy_cleanup", (void **)&api.easy_cleanup) || resolve(library, "curl_easy_setopt", (void **)&api.easy_setopt) ||
        resolve(library, "curl_easy_perform", (void **)&api.easy_perform) || resolve(library, "curl_easy_getinfo", (void **)&api.easy_getinfo) ||
        resolve(library, "curl_easy_strerror", (void **)&api.easy_strerror) || resolve(library, "curl_slist_append", (void **)&api.slist_append) ||
        resolve(library, "curl_slist_free_all", (void **)&api.slist_free_all)) {
        api.easy_init = NULL;
        return;
    }
    loaded_library = library;
    // Once, before any handle and while no other thread uses libcurl (pthread_once).
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_failure, sizeof load_failure, "curl_global_init failed");
        api.easy_init = NULL;
    }
}

int credfile_curl_load(char *reason, size_t capacity) {
    pthread_once(&load_once, load);
    if (api.easy_init != NULL) return 0;
    if (capacity > 0) snprintf(reason, capacity, "%s", load_failure);
    return -1;
}

void *credfile_curl_easy_init(void) { return api.easy_init ? api.easy_init() : NULL; }
void credfile_curl_easy_cleanup(void *handle) { if (handle) api.easy_cleanup(handle); }
int credfile_curl_setopt_long(void *handle, credfile_curl_option option, long value) { return api.easy_setopt(handle, (CURLoption)option, value); }
int credfile_curl_setopt_ptr(void *handle, credfile_curl_option option, void *value) { return api.easy_setopt(handle, (CURLoption)option, value); }
int credfile_curl_setopt_str(void *handle, credfile_curl_option option, const char *value) { return api.easy_setopt(handle, (CURLoption)option, value); }
int credfile_curl_setopt_off(void *handle, credfile_curl_option option, int64_t value) { return api.easy_setopt(handle, (CURLoption)option, (curl_off_t)value); }
int credfile_curl_setopt_callback(void *handle, credfile_curl_option option, credfile_curl_write_callback value) {
    return api.easy_setopt(handle, (CURLoption)option, value);
}
int credfile_curl_setopt_debug(void *handle, credfile_curl_option option, credfile_curl_debug_callback value) {
    return api.easy_setopt(handle, (CURLoption)option, value);
}
int credfile_curl_perform(void *handle) { return api.easy_perform(handle); }

const char *credfile_curl_tls_version(void *handle) {
    struct curl_tlssessioninfo *session = NULL;
    if (loaded_library == NULL || api.easy_getinfo(handle, CURLINFO_TLS_SSL_PTR, &session) != CURLE_OK || session == NULL)
        return NULL;
    // Another TLS backend (GnuTLS in libcurl-gnutls, Schannel, Secure Transport …) has other
    // internals; only OpenSSL's SSL * is understood here.
    if (session->backend != CURLSSLBACKEND_OPENSSL || session->internals == NULL) return NULL;
    // libssl is libcurl's dependency, loaded with it (RTLD_LOCAL: not in the global scope, but
    // reachable through libcurl's own handle). SSL_get_version has had this signature since 0.9.
    const char *(*get_version)(const void *) = (const char *(*)(const void *))dlsym(loaded_library, "SSL_get_version");
    return get_version ? get_version(session->internals) : NULL;
}
int credfile_curl_getinfo_long(void *handle, int info, long *value) { return api.easy_getinfo(handle, (CURLINFO)info, value); }
void *credfile_curl_slist_append(void *list, const char *line) { return api.slist_append ? api.slist_append(list, line) : NULL; }
void credfile_curl_slist_free(void *list) { if (list && api.slist_free_all) api.slist_free_all(list); }
const char *credfile_curl_strerror(int code) { return api.easy_strerror ? api.easy_strerror((CURLcode)code) : "libcurl is not loaded"; }

#else  // no <curl/curl.h> at build time: a shim that only explains itself

int credfile_curl_load(char *reason, size_t capacity) {
    if (capacity > 0)
        snprintf(reason, capacity, "credfile was built without libcurl headers (install libcurl4-openssl-dev and rebuild)");
    return -1;
}
void *credfile_curl_easy_init(void) { return NULL; }
void credfile_curl_easy_cleanup(void *handle) { (void)handle; }
int credfile_curl_setopt_long(void *handle, credfile_curl_option option, long value) { (void)handle; (void)option; (void)value; return 2; }
int credfile_curl_setopt_ptr(void *handle, credfile_curl_option option, void *value) { (void)handle; (void)option; (void)value; return 2; }
int credfile_curl_setopt_str(void *handle, credfile_curl_option option, const char *value) { (void)handle; (void)option; (void)value; return 2; }
int credfile_curl_setopt_off(void *handle, credfile_curl_option option, int64_t value) { (void)handle; (void)option; (void)value; return 2; }
int credfile_curl_setopt_callback(void *handle, credfile_curl_option option, credfile_curl_write_callback value) {
    (void)handle; (void)option; (void)value; return 2;
}
int credfile_curl_setopt_debug(void *handle, credfile_curl_option option, credfile_curl_debug_callback value) {
    (void)handle; (void)option; (void)value; return 2;
}
int credfile_curl_perform(void *handle) { (void)handle; return 2; }
const char *credfile_curl_tls_version(void *handle) { (void)handle; return NULL; }
int credfile_curl_getinfo_long(void *handle, int info, long *value) { (void)handle; (void)info; (void)value; return 2; }
void *credfile_curl_slist_append(void *list, const char *line) { (void)list; (void)line; return NULL; }
void credfile_curl_slist_free(void *list) { (void)list; }
const char *credfile_curl_strerror(int code) { (void)code; return "credfile was built without libcurl headers"; }

#endif
