import CredfileCrypto
import CredfileYAML

/// What `credfile --version` prints: credfile's version, then each C library's version as
/// loaded at run time beside the one the binary was built against, so a bug report says which
/// libyaml and libcrypto actually ran (a distribution update changes them under the binary).
enum VersionText {
    /// credfile's own version.
    static let number = "0.1.0"

    static var text: String {
        """
        credfile \(number)
        libyaml \(LibYAMLVersion.loaded) (loaded; built against \(LibYAMLVersion.builtAgainst), whose header declares no version)
        \(OpenSSLVersion.loaded) (loaded; built against OpenSSL \(OpenSSLVersion.builtAgainst))
        """
    }
}
