internal import COpenSSL

/// The OpenSSL (libcrypto) credfile runs with, for `credfile --version`.
public enum OpenSSLVersion {
    /// The version of the libcrypto loaded at run time (`OpenSSL_version(OPENSSL_VERSION)`,
    /// "OpenSSL 3.0.19 27 Jan 2026"). Reading it does not initialise the library.
    public static var loaded: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }

    /// The version of the headers the binary was compiled against (`OPENSSL_VERSION_STR`).
    public static let builtAgainst = OPENSSL_VERSION_STR
}
