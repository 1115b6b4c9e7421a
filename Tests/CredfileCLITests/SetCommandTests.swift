import CredfileTestSupport
import Foundation
import Testing

/// An SMTP credential as a person writes it, and the repository around it.
enum AuthoringFixture {
    static let smtp = """
        # Outbound mail for the invoice run
        name: smtp-prod
        type: smtp
        description: Outbound mail for invoice runs
        host: smtp.office365.com
        port: 587   # submission
        username: invoices@example.com
        password: hunter2-long-secret
        tls: true

        """

    /// The keys of the lines that differ between two texts with the same number of lines.
    static func changedKeys(_ before: String, _ after: String) -> [String] {
        let a = before.split(separator: "\n", omittingEmptySubsequences: false)
        let b = after.split(separator: "\n", omittingEmptySubsequences: false)
        guard a.count == b.count else { return ["line count \(a.count) → \(b.count)"] }
        return zip(a, b).filter { $0 != $1 }.map { String($0.1.prefix(while: { $0 != ":" })).trimmingCharacters(in: .whitespaces) }
    }

    /// Every `ENC[…]` token of a file (values and the mac).
    static func tokens(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").compactMap { line in
            line.range(of: "ENC[").map { String(line[$0.lowerBound...]) }
        })
    }
}

extension Workspace {
    /// `.sops.yaml` (with a comment) for `credentials/`, and `smtp-prod` encrypted by credfile.
    func authoringRepository(_ credential: String = AuthoringFixture.smtp) throws {
        try write(".sops.yaml", """
            # who can read the credentials
            creation_rules:
              - path_regex: ^credentials/.*\\.yaml$
                age: \(recipient)

            """)
        try write("credentials/smtp-prod.yaml", credential)
        let result = try credfile(["encrypt", "credentials/smtp-prod.yaml"])
        guard result.status == 0 else { throw Failure("encrypt: \(result.err)") }
    }

    var smtpFile: String { "credentials/smtp-prod.yaml" }

    /// The file's top-level values as the real sops decrypts them (PyYAML as the reader).
    func sopsValues(_ file: String, env: [String: String] = [:]) throws -> [String: String] {
        let result = try sops(["decrypt", file])
        guard result.status == 0 else { throw Failure("sops decrypt: \(result.err)") }
        return try PythonYAML.load(result.out)
    }
}

@Suite struct SetCommandTests {
    @Test(PeerTool.needs("sops"))
    func changedCredentialDecryptsWithSops() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try ws.credfile(["set", "smtp-prod", "host=mail.example.org", "port=465", "tls=false"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.isEmpty && result.out == "updated \(ws.smtpFile) (set host, port, tls)\n", "\(result.out)")
        let values = try ws.sopsValues(ws.smtpFile)
        #expect(values["host"] == "mail.example.org")
        #expect(values["port"] == "465")
        #expect(values["tls"] == "False")
        #expect(values["password"] == "hunter2-long-secret")
        // Typed by the schema: a port is written as a number, not as the string "465".
        #expect(try ws.read(ws.smtpFile).contains("port: 465   # submission\n"))
    }

    @Test func oneFieldChangesOnlyItsLineTheMACAndLastModified() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        #expect(try ws.credfile(["set", "smtp-prod", "host=mail.example.org"]).status == 0)
        let afterHost = try ws.read(ws.smtpFile)
        let changed = AuthoringFixture.changedKeys(before, afterHost)
        #expect(changed.contains("host") && changed.contains("mac"))
        #expect(Set(changed).isSubset(of: ["host", "mac", "lastmodified"]), "\(changed)")
        #expect(try ws.credfile(["set", "smtp-prod", "password=an0ther-secret"]).status == 0)
        let changedSecret = AuthoringFixture.changedKeys(afterHost, try ws.read(ws.smtpFile))
        #expect(changedSecret.contains("password") && Set(changedSecret).isSubset(of: ["password", "mac", "lastmodified"]))
    }

    @Test(PeerTool.needs("sops"))
    func stdinKeepsTheSecretOffTheCommandLine() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let secret = "from-stdin: 'quoted' #x"
        let result = try CLI.run(
            ["set", "smtp-prod", "password", "--stdin"], in: ws.dir.url,
            environment: ["SOPS_AGE_KEY_FILE": ws.identityFile.path], stdin: Data((secret + "\n").utf8))
        #expect(result.status == 0, "\(result.err)")
        #expect(!result.out.contains(secret) && !result.err.contains(secret))
        let text = try ws.read(ws.smtpFile)
        #expect(!text.contains("from-stdin"))
        // One final line break (what echo adds) is dropped, nothing else.
        #expect(try ws.sops(["decrypt", "--extract", "[\"password\"]", ws.smtpFile]).out == secret)
    }

    /// Issue 16: one final line break (an editor's, `echo >`'s) is no part of the value, as
    /// with `op` and `gh secret set`; everything else is kept, a second line break included.
    @Test(PeerTool.needs("sops"))
    func valueFileDropsOneFinalLineBreak() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let pem = "-----BEGIN KEY-----\nabc\n-----END KEY-----"
        for (file, stored) in [(pem + "\n", pem), (pem + "\r\n", pem), (pem + "\n\n", pem + "\n"), (" spaced ", " spaced ")] {
            try ws.write("secret.txt", file)
            #expect(try ws.credfile(["set", "smtp-prod", "--value-file", "password=secret.txt"]).status == 0)
            #expect(try ws.sops(["decrypt", "--extract", "[\"password\"]", ws.smtpFile]).out == stored)
        }
    }

    /// Issue 16: an empty value file (`/dev/null`) is said to be empty.
    @Test func emptyValueFileIsSaidToBeEmpty() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        for path in ["/dev/null", "newline.txt"] {
            try ws.write("newline.txt", "\n")
            let result = try ws.credfile(["set", "smtp-prod", "--value-file", "password=\(path)"])
            #expect(result.status == 1)
            #expect(result.err.contains("\(path): error: is empty, so 'password' would have no value"), "\(result.err)")
            #expect(!result.err.contains("plain text"))
        }
        #expect(try ws.read(ws.smtpFile) == before)
    }

    @Test func nameCannotBeSet() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let result = try ws.credfile(["set", "smtp-prod", "name=smtp-new"])
        #expect(result.status == 2)
        #expect(result.err.contains("'name' cannot be changed"))
        #expect(try ws.read(ws.smtpFile) == before)
    }

    @Test func invalidResultsAreRefusedAndNothingIsWritten() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let before = try ws.read(ws.smtpFile)
        let outOfRange = try ws.credfile(["set", "smtp-prod", "port=70000"])
        #expect(outOfRange.status == 1)
        #expect(outOfRange.err.contains("nothing written") && outOfRange.err.contains("'port'"))
        let notANumber = try ws.credfile(["set", "smtp-prod", "port=submission"])
        // Issue 11: a value that does not fit its field is `field.invalid`, exit 1, from every
        // command (it was a usage error, exit 2, from `set` alone).
        #expect(notANumber.status == 1 && notANumber.err.contains("'port' must be a port number"))
        #expect(!notANumber.err.contains("submission"))
        let unknown = try ws.credfile(["set", "smtp-prod", "colour=blue"])
        #expect(unknown.status == 1)
        #expect(try ws.read(ws.smtpFile) == before)
    }

    @Test func stdinNeedsExactlyOneBareField() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        #expect(try ws.credfile(["set", "smtp-prod", "password", "username", "--stdin"]).status == 2)
        #expect(try ws.credfile(["set", "smtp-prod", "host=x.example.org", "--stdin"]).status == 2)
        #expect(try ws.credfile(["set", "smtp-prod", "password"]).status == 2)
        #expect(try ws.credfile(["set", "smtp-prod", "--prompt", "password"]).err.contains("needs a terminal"))
    }

    static let schemaA = """
        type: api-a
        title: API, account public
        fields:
          account: { type: string, required: true }
          token:   { type: string, sensitive: true }
          region:  { type: string }

        """
    static let schemaB = """
        type: api-b
        title: API, account secret
        fields:
          account: { type: string, required: true, sensitive: true }
          token:   { type: string }
          region:  { type: string, sensitive: true }

        """

    @Test(PeerTool.needs("sops"))
    func typeChangeReselectsTheSensitiveFields() throws {
        let ws = try Workspace()
        try ws.write("schemas/api-a.yaml", Self.schemaA)
        try ws.write("schemas/api-b.yaml", Self.schemaB)
        try ws.authoringRepository("""
            name: smtp-prod
            type: api-a
            description: an API login
            account: acct-1234
            token: tok-abcdef-123456
            region: eu-west

            """)
        let before = try ws.read(ws.smtpFile)
        #expect(before.contains("encrypted_regex: ^(token)$") && before.contains("account: acct-1234"))
        let result = try ws.credfile(["set", "smtp-prod", "type=api-b"])
        #expect(result.status == 0, "\(result.err)")
        let after = try ws.read(ws.smtpFile)
        #expect(after.contains("encrypted_regex: ^(account|region)$"))
        #expect(after.contains("token: tok-abcdef-123456\n"))
        #expect(!after.contains("acct-1234") && !after.contains("eu-west"))
        #expect(Set(AuthoringFixture.changedKeys(before, after)).isSubset(
            of: ["type", "account", "token", "region", "encrypted_regex", "mac", "lastmodified"]))
        let values = try ws.sopsValues(ws.smtpFile)
        #expect(values["account"] == "acct-1234" && values["token"] == "tok-abcdef-123456" && values["region"] == "eu-west")
        let validate = try ws.credfile(["validate", "--decrypt"])
        #expect(validate.status == 0, "\(validate.err)")
    }

    @Test func unknownTypeIsRefused() throws {
        let ws = try Workspace()
        try ws.authoringRepository()
        let result = try ws.credfile(["set", "smtp-prod", "type=nope"])
        #expect(result.status == 2 && result.err.contains("unknown credential type 'nope'"))
    }
}
