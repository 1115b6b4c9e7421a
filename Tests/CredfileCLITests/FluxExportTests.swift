import CredfileTestSupport
import Foundation
import Testing

/// `credfile export --format flux` (issue 14): the k8s Secret, encrypted in the sops format, as
/// Flux's kustomize-controller and ksops decrypt it; real sops 3.11 is the reader.
@Suite struct FluxExportTests {
    /// The repository of the export tests, plus a second identity standing for the cluster's key
    /// and a creation rule sending `clusters/prod/` to it.
    func repository() throws -> (Workspace, cluster: (identity: URL, recipient: String)) {
        let ws = try ExportCommandTests().repository()
        let identity = ws.dir.file("cluster-identity.txt")
        let keygen = try CLI.run(["keygen", "-o", identity.path], in: ws.dir.url)
        guard keygen.status == 0 else { throw Workspace.Failure(keygen.err) }
        let recipient = keygen.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try ws.write(".sops.yaml", """
            creation_rules:
              - path_regex: ^clusters/prod/
                age: \(recipient)
              - path_regex: ^credentials/
                age: \(ws.recipient)

            """)
        try FileManager.default.createDirectory(at: ws.dir.file("clusters/prod"), withIntermediateDirectories: true)
        return (ws, (identity, recipient))
    }

    /// The variables `export --format json` gives, which the Secret's data must equal.
    func expectedData(_ ws: Workspace) throws -> [String: String] {
        let json = try ws.credfile(["export", "smtp-prod", "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: String])
    }

    /// `sops decrypt` of `file` with `identity`, as a Secret: (name, namespace, data decoded).
    func decryptedSecret(_ ws: Workspace, _ file: String, identity: URL) throws -> (String?, String?, [String: String]) {
        let sops = try PeerTool.require("sops")
        let result = try Subprocess.run(
            sops, ["decrypt", "--output-type", "json", file], environment: ["SOPS_AGE_KEY_FILE": identity.path],
            currentDirectory: ws.dir.url)
        guard result.status == 0 else { throw Workspace.Failure("sops decrypt: \(result.err)") }
        let secret = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(secret["apiVersion"] as? String == "v1" && secret["kind"] as? String == "Secret")
        #expect(secret["sops"] == nil)
        let metadata = secret["metadata"] as? [String: String]
        let data = (secret["data"] as? [String: String] ?? [:]).mapValues {
            String(decoding: Data(base64Encoded: $0) ?? Data(), as: UTF8.self)
        }
        return (metadata?["name"], metadata?["namespace"], data)
    }

    /// No value of the credential, nor its base64 as `data:` holds it, is in `text`.
    func expectNoPlaintext(_ text: String, _ values: [String: String]) {
        for (name, value) in values where value.utf8.count >= 4 {
            #expect(!text.contains(value), "\(name) in plaintext")
            #expect(!text.contains(Data(value.utf8).base64EncodedString()), "\(name) in base64")
        }
    }

    @Test(PeerTool.needs("sops"))
    func stdoutToAgeRecipientDecryptsWithSopsToTheSecret() throws {
        let ws = try ExportCommandTests().repository()
        let expected = try expectedData(ws)
        let result = try ws.credfile(["export", "smtp-prod", "--format", "flux", "--namespace", "mail", "--age", ws.recipient])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("encrypted_regex: ^(data|stringData)$"))
        #expect(result.out.contains("kind: Secret"), "kind and metadata stay readable to kustomize")
        expectNoPlaintext(result.out, expected)
        try ws.write("secret.yaml", result.out)
        let (name, namespace, data) = try decryptedSecret(ws, "secret.yaml", identity: ws.identityFile)
        #expect(name == "smtp-prod" && namespace == "mail")
        #expect(data == expected)
        #expect(data["SMTP_PROD_PASSWORD"] == ExportCommandTests.secret)
    }

    @Test(PeerTool.needs("sops"))
    func outputFileUsesTheCreationRuleForItsPath() throws {
        let (ws, cluster) = try repository()
        let expected = try expectedData(ws)
        let result = try ws.credfile(["export", "smtp-prod", "--format", "flux", "-o", "clusters/prod/smtp.sops.yaml"])
        #expect(result.status == 0, "\(result.err)")
        // Standard output holds only the line saying what was written (names, no value).
        #expect(result.out == "wrote clusters/prod/smtp.sops.yaml (\(expected.count) variables, mode 0600)\n", "\(result.out)")
        let written = try ws.read("clusters/prod/smtp.sops.yaml")
        expectNoPlaintext(written, expected)
        #expect(written.contains("recipient: \(cluster.recipient)") && !written.contains(ws.recipient), "the rule for clusters/prod/")
        #expect(try decryptedSecret(ws, "clusters/prod/smtp.sops.yaml", identity: cluster.identity).2 == expected)
        // The repository's own key is not a recipient of the cluster's file.
        #expect(throws: Workspace.Failure.self) { try decryptedSecret(ws, "clusters/prod/smtp.sops.yaml", identity: ws.identityFile) }
        // --age replaces the rule's recipients.
        let both = try ws.credfile(
            ["export", "smtp-prod", "--format", "flux", "-o", "clusters/prod/b.yaml", "--age", ws.recipient, "--age", cluster.recipient])
        #expect(both.status == 0, "\(both.err)")
        #expect(try decryptedSecret(ws, "clusters/prod/b.yaml", identity: ws.identityFile).2 == expected)
        #expect(try decryptedSecret(ws, "clusters/prod/b.yaml", identity: cluster.identity).2 == expected)
    }

    @Test func withoutRecipientsNothingIsWritten() throws {
        let (ws, _) = try repository()
        let stdout = try ws.credfile(["export", "smtp-prod", "--format", "flux"])
        #expect(stdout.status == 111 && stdout.stdout.isEmpty)
        #expect(stdout.err.contains("no recipients") && stdout.err.contains("--age"), "\(stdout.err)")
        // A path no rule with recipients matches.
        let unmatched = try ws.credfile(["export", "smtp-prod", "--format", "flux", "-o", "elsewhere/smtp.yaml"])
        #expect(unmatched.status == 111, "\(unmatched.err)")
        #expect(!FileManager.default.fileExists(atPath: ws.dir.file("elsewhere/smtp.yaml").path))
        let pasted = try ws.credfile(["export", "smtp-prod", "--format", "flux", "--age", "AGE-SECRET-KEY-1QQQQ"])
        #expect(pasted.status == 5 && !pasted.err.contains("QQQQ"), "\(pasted.err)")
    }

    @Test func oneCredentialAndRecipientOptionsOnlyForFlux() throws {
        let (ws, _) = try repository()
        try ws.write("credentials/relay.yaml", "name: relay\ntype: smtp\ndescription: Other\nhost: r.example.com\nusername: u\npassword: p4ss-w0rd\n")
        #expect(try ws.credfile(["encrypt", "credentials/relay.yaml"]).status == 0)
        let two = try ws.credfile(["export", "smtp-prod", "relay", "--format", "flux", "--age", ws.recipient])
        #expect(two.status == 2 && two.stdout.isEmpty && two.err.contains("one credential"), "\(two.err)")
        let k8s = try ws.credfile(["export", "smtp-prod", "--format", "k8s", "--age", ws.recipient])
        #expect(k8s.status == 2 && k8s.err.contains("flux") && k8s.stdout.isEmpty, "\(k8s.err)")
    }
}
