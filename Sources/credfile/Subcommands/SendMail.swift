import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand {
    /// `credfile send-mail NAME --to ADDR … --subject TEXT`: the SendEmail built-in, for jobs.
    struct SendMail: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send-mail",
            abstract: "Send a plain-text e-mail through an smtp credential.",
            discussion: """
                The sender is the credential's email field; without one, --from is required. The body \
                is --body, the file --body-file, or standard input. The message is UTF-8 text (RFC 5322 \
                and MIME: Date, Message-ID, encoded Subject, quoted-printable body when it is not plain \
                ASCII, CRLF line ends). TLS and login as in 'credfile check': implicit TLS on port 465 \
                or with tls_mode: implicit, STARTTLS (required) when tls is true, and a password over \
                an unencrypted connection only with --allow-plaintext-auth.

                Exit status: 0 when the server accepted the message (its reply is printed); 1 when \
                it could not be reached or refused the login, a recipient or the message (the \
                server's reply is in the error); 128 when no identity opens the credential.

                Examples:
                  credfile send-mail smtp-prod --to ops@example.com --subject "Invoices sent" --body "42 invoices"
                  ./report | credfile send-mail smtp-prod --to a@example.com --cc b@example.com --subject "Report"
                """)

        @Argument(help: "The smtp credential's name, or its file credentials/NAME.yaml.")
        var name: String

        @Option(parsing: .upToNextOption, help: "Recipients (To:).")
        var to: [String] = []

        @Option(parsing: .upToNextOption, help: "Recipients (Cc:).")
        var cc: [String] = []

        @Option(help: "The sender, when the credential has no email field.")
        var from: String?

        @Option(help: "The subject (any Unicode; no line break).")
        var subject: String

        @Option(help: "The body text.")
        var body: String?

        @Option(help: "Read the body from this file (UTF-8).")
        var bodyFile: String?

        @Option(help: "Seconds for the whole exchange.")
        var timeout: Double = 60

        @Flag(help: "Allow the password over an unencrypted connection.")
        var allowPlaintextAuth = false

        @OptionGroup var keys: KeyOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !to.isEmpty else { throw ValidationError("give at least one recipient with --to") }
            guard body == nil || bodyFile == nil else { throw ValidationError("give --body or --body-file, not both") }
            guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
        }

        func run() throws {
            let repository = try CurrentRepository.discover()
            let name = try CredentialArgument.name(name, in: repository)
            let credential = try repository.credential(named: name, Repository.ReadOptions(keys: keys.keyRing))
            if credential.document.isEncrypted && credential.decrypted == nil {
                throw CredfileError(.noIdentity, "no identity opens the credential", path: credential.file.displayPath)
            }
            var operation = CredfileKit.SendMail(credential: credential, to: to, subject: subject, body: try bodyText())
            operation.cc = cc
            operation.from = from
            operation.timeoutSeconds = timeout
            operation.allowPlaintextAuth = allowPlaintextAuth
            let outcome = try operation.run()
            let tls = outcome.tlsVersion.map { " over \($0)" } ?? ""
            let line = "sent \(outcome.messageID) to \(outcome.recipients.joined(separator: ", "))\(tls): \(outcome.reply)"
            output.done(line)
        }

        /// --body, --body-file or standard input, as UTF-8 text.
        private func bodyText() throws -> String {
            if let body { return body }
            let data: Data
            if let bodyFile {
                guard let read = FileManager.default.contents(atPath: bodyFile) else {
                    throw CredfileError(.io, "cannot read the body file '\(bodyFile.prefix(200))'")
                }
                data = read
            } else {
                data = FileHandle.standardInput.readDataToEndOfFile()
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CredfileError(.usage, "the body is not UTF-8 text")
            }
            return text
        }
    }
}
