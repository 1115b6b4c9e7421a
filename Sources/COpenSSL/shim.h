#ifndef CREDFILE_COPENSSL_SHIM_H
#define CREDFILE_COPENSSL_SHIM_H
// Only #includes and one-line wrappers for function-like macros Swift cannot import
// (style-anchors §9: OPENSSL_free does not import). No logic lives in C.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/bn.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/rand.h>

static inline void credfile_openssl_free(void *ptr) { OPENSSL_free(ptr); }
// EVP_PKEY_fromdata selections: macros built from other macros, which Swift does not import.
static inline int credfile_selection_public_key(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline int credfile_selection_keypair(void) { return EVP_PKEY_KEYPAIR; }
#endif
