import CredfileCrypto

/// The `ssh-rsa` stanza of age's agessh: `-> ssh-rsa <tag>` and the file key encrypted with
/// RSA-OAEP-SHA256 under the label `age-encryption.org/v1/ssh-rsa` (key-sources.md §4).
enum SSHRSAStanza {
    static let type = "ssh-rsa"
    private static let label = Array("age-encryption.org/v1/ssh-rsa".utf8)

    static func wrap(_ fileKey: SecretBytes, to key: RSAOAEP.PublicKey, ssh: SSHPublicKey) throws -> Stanza {
        Stanza(arguments: [type, ssh.tag], body: try RSAOAEP.encrypt(fileKey, to: key, label: label))
    }

    /// The file key; nil for another type or another key's tag. Under a matching tag, a body
    /// that does not decrypt is an error, as in agessh.
    static func unwrap(_ stanza: Stanza, with key: RSAOAEP.PrivateKey, ssh: SSHPublicKey) throws -> SecretBytes? {
        guard stanza.type == type else { return nil }
        guard stanza.arguments.count == 2 else { throw HeaderParser.failure("invalid ssh-rsa recipient block") }
        guard stanza.arguments[1] == ssh.tag else { return nil }
        guard let fileKey = try RSAOAEP.decrypt(stanza.body, with: key, label: label), fileKey.count == FileKeyWrap.fileKeySize
        else { throw HeaderParser.failure("the ssh-rsa stanza for this key does not decrypt") }
        return fileKey
    }
}
