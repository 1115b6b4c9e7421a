import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Asks for the passphrase of an encrypted identity file on the controlling terminal
/// (`/dev/tty`), as age and sops do: never on standard input, which may carry data, and never
/// echoed. Without a terminal there is nobody to ask, and the answer is nil (no hang).
enum TerminalPassphrase {
    /// The provider handed to `IdentityDiscovery`.
    static let provider: IdentityDiscovery.PassphraseProvider = { source in
        guard let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else { return nil }
        // Echo goes off before the prompt appears (TerminalEcho), so nothing typed is shown.
        let answer = try TerminalEcho.withoutEcho(fd: tty.fileDescriptor) { () throws -> String? in
            tty.write(Data("Enter passphrase for identity file '\(source)': ".utf8))
            return try readLine(tty)
        }
        tty.write(Data("\n".utf8))
        guard let answer else {
            throw CredfileError(.noIdentity, "no passphrase for the identity file \(source): the terminal was closed")
        }
        return answer
    }

    /// One line, without its line break (and a CR before it); nil at end of input.
    private static func readLine(_ tty: FileHandle) throws -> String? {
        guard var bytes = tty.readLine() else { return nil }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
