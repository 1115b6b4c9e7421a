import CredfileAge
import CredfileYAML
import Foundation
import Testing

@testable import CredfileKit

/// How `recipients add|rm` rewrite one `age:`/`kms:` entry of `.sops.yaml` (issue 16): line by
/// line in a block list, labels (comments) kept beside their recipient; a key group's KMS
/// entries as mappings. The CLI tests cover age lists end to end with sops; these cover the
/// shapes that need AWS there.
@Suite struct RecipientListEditTests {
    static let arn1 = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let arn2 = "arn:aws:kms:eu-west-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab"
    static let age = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"

    static let grouped = """
        creation_rules:
          - path_regex: ^credentials/
            key_groups:
              - age:
                  - \(age)  # break glass
                kms:
                  - arn: \(arn1)  # prod kms
                    role: arn:aws:iam::111122223333:role/deploy
                    context:
                      team: payments
              # end of the group

        """

    /// Applies one change to the first rule's (group's) entry and returns the new text.
    func apply(_ source: String, _ change: RecipientListEdit.Change, _ recipient: Recipient, label: String? = nil) throws -> String {
        let bytes = Array(source.utf8)
        let url = URL(fileURLWithPath: "/repo/.sops.yaml")
        let rule = try SOPSConfig(bytes: bytes, url: url).rules[0]
        let node = try #require(try YAMLLoader.load(bytes).root["creation_rules"]?.sequence?[0])
        let group = node["key_groups"]?.sequence?.first
        let current = rule.kms.map(Recipient.kms) + rule.age.compactMap { try? Recipient(parsing: $0) }
        var wanted = current.filter { $0.isKMS == recipient.isKMS }
        switch change {
        case .add: wanted.append(recipient)
        case .remove: wanted.removeAll { $0.isSameKey(as: recipient) }
        case .relabel: break
        }
        let edit = RecipientListEdit(
            container: group ?? node, key: recipient.isKMS ? "kms" : "age", mappings: recipient.isKMS && group != nil, rule: rule,
            source: bytes, path: ".sops.yaml")
        let result = String(decoding: try TextEdit.apply(try edit.edits(action: change, recipient: recipient, label: label, wanted: wanted), to: bytes), as: UTF8.self)
        _ = try SOPSConfig(bytes: Array(result.utf8), url: url)
        return result
    }

    @Test func aKeyGroupKMSEntryIsAddedAsAMappingWithItsLabel() throws {
        let result = try apply(Self.grouped, .add, .kms(KMSMasterKey(arn: Self.arn2)), label: "staging kms")
        #expect(result.contains(
            "              team: payments\n          - arn: \(Self.arn2)  # staging kms\n      # end of the group\n"), "\(result)")
        let rule = try SOPSConfig(bytes: Array(result.utf8), url: URL(fileURLWithPath: "/repo/.sops.yaml")).rules[0]
        #expect(rule.kms.map(\.arn) == [Self.arn1, Self.arn2])
        #expect(rule.kms[0].context == ["team": "payments"] && rule.kms[0].role == "arn:aws:iam::111122223333:role/deploy")
        #expect(rule.label(for: .kms(KMSMasterKey(arn: Self.arn2))) == "staging kms")
        #expect(rule.label(for: .kms(KMSMasterKey(arn: Self.arn1, role: "arn:aws:iam::111122223333:role/deploy"))) == "prod kms")
    }

    @Test func removingAKeyGroupKMSEntryTakesAllItsLinesAndNothingElse() throws {
        let added = try apply(Self.grouped, .add, .kms(KMSMasterKey(arn: Self.arn2)), label: "staging kms")
        let removed = try apply(added, .remove, .kms(KMSMasterKey(arn: Self.arn1, role: "arn:aws:iam::111122223333:role/deploy")))
        let first = "          - arn: \(Self.arn1)  # prod kms\n            role: arn:aws:iam::111122223333:role/deploy\n"
            + "            context:\n              team: payments\n"
        #expect(Self.grouped.contains(first))
        #expect(removed == Self.grouped.replacingOccurrences(of: first, with: "          - arn: \(Self.arn2)  # staging kms\n"), "\(removed)")
    }

    @Test func relabellingChangesOnlyTheComment() throws {
        let result = try apply(Self.grouped, .relabel, .age(try .init(parsing: Self.age)), label: "vault copy")
        #expect(result == Self.grouped.replacingOccurrences(of: "# break glass", with: "# vault copy"))
    }

    @Test func removingTheLastOfAKindLeavesAnEmptyList() throws {
        let result = try apply(Self.grouped, .remove, .age(try .init(parsing: Self.age)))
        #expect(result.contains("      - age: []\n        kms:\n"), "\(result)")
    }

    @Test func aFlowListIsConvertedToOneRecipientALine() throws {
        let source = "creation_rules:\n  - age: [\(Self.age)]  # all of us\n"
        let other = "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg"
        let result = try apply(source, .add, .age(try .init(parsing: other)), label: "bob")
        #expect(result == "creation_rules:\n  - age:  # all of us\n      - \(Self.age)\n      - \(other)  # bob\n")
    }

    @Test func labelsAreOneLineOfText() throws {
        #expect(try RecipientLabel.validated("  alice laptop ") == "alice laptop")
        #expect(try RecipientLabel.validated("   ") == nil)
        for bad in ["a\nb", "a\rb", "a\u{1B}[31m", "a\u{2028}b", String(repeating: "x", count: 81)] {
            #expect(throws: CredfileError.self) { try RecipientLabel.validated(bad) }
        }
        #expect(RecipientLabel.comment(after: 3, in: Array("abc  # x # y\nnext".utf8)) == "x # y")
        #expect(RecipientLabel.comment(after: 3, in: Array("abc# not a comment\n".utf8)) == nil)
        #expect(RecipientLabel.comment(after: 3, in: Array("abc, def # later\n".utf8)) == nil)
    }
}
