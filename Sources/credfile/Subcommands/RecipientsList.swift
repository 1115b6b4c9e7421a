import ArgumentParser
import CredfileKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CredfileCommand.Recipients {
    /// `credfile recipients list`: who can open which credentials.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List each recipient, its label, and the credentials it opens, per .sops.yaml rule.",
            discussion: """
                Needs no key: it reads each credential's own sops.age and sops.kms entries, so it \
                shows who a file *is* encrypted for. One row per recipient and creation rule \
                (RULE is the rule's number and path_regex; "(not listed)" when only files under \
                it name the recipient, "-" for credentials no rule matches). LABEL is the comment \
                beside the recipient in .sops.yaml ('credfile recipients add … --label TEXT'). A \
                credential encrypted for other recipients than its rule names is reported as stale, \
                with the commands that bring it in line. The table shows at most 8 names per row; \
                --format json lists them all.

                Examples:
                  credfile recipients list
                  credfile recipients list --format json
                """)

        @Option(help: "Output format: table or json.")
        var format: ListFormat = .table

        func run() throws {
            let report = try ListRecipients(repository: CurrentRepository.discover()).run()
            DiagnosticLimit.apply(report.problems).forEach(Printer.standardError.print)
            let text = format == .json ? JSONLines.line(Self.json(report)) : Self.table(report) + Self.staleLines(report)
            FileHandle.standardOutput.write(Data(text.utf8))
        }

        static let header = ["RECIPIENT", "LABEL", "RULE", "CREDENTIALS"]

        static func table(_ report: ListRecipients.Report) -> String {
            guard !report.rows.isEmpty else {
                return report.config == nil ? "no recipients: no .sops.yaml and no encrypted credential\n" : "no recipients\n"
            }
            return TextTable.render(header, report.rows.map { row in
                [shown(row.recipient, kind: row.kind), row.label ?? "-", ruleText(row), credentialsText(row.credentials)]
                    .map(TerminalText.safe)
            })
        }

        /// `#1 ^credentials/.*\.yaml$`, `(not listed)` after it when only files name the key.
        static func ruleText(_ row: ListRecipients.Row) -> String {
            guard let rule = row.rule else { return "-" }
            return "#\(rule) \(row.pathRegex ?? "(any file)")" + (row.listed ? "" : " (not listed)")
        }

        /// `2: graph-prod, smtp-prod`; past 8 names, `… (+N)`.
        static func credentialsText(_ names: [String]) -> String {
            guard !names.isEmpty else { return "0" }
            let shown = names.prefix(8).joined(separator: ", ")
            return "\(names.count): \(shown)" + (names.count > 8 ? ", … (+\(names.count - 8))" : "")
        }

        /// age and KMS keys in full (what `recipients rm` takes); an ssh key by its type, the
        /// end of its key and its comment — whole, it would fill the line.
        static func shown(_ recipient: String, kind: String) -> String {
            guard kind == "ssh" else { return recipient }
            let parts = recipient.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count >= 2 else { return recipient }
            return ([parts[0], "…" + parts[1].suffix(12)] + parts.dropFirst(2)).joined(separator: " ")
        }

        /// One line per stale credential, after the table.
        static func staleLines(_ report: ListRecipients.Report) -> String {
            guard !report.stale.isEmpty else { return "" }
            return "\n" + report.stale.map { stale in
                var parts: [String] = []
                if !stale.missing.isEmpty { parts.append("missing \(stale.missing.joined(separator: ", "))") }
                if !stale.extra.isEmpty { parts.append("not in the rule \(stale.extra.joined(separator: ", "))") }
                // The commands, recipient by recipient: an ssh key has spaces, so it is quoted.
                var fixes = stale.missing.map { "credfile recipients add \(quoted($0)) \(stale.name)" }
                fixes += stale.extra.map { "credfile recipients rm \(quoted($0)) \(stale.name)" }
                if !stale.extra.isEmpty { fixes.append("credfile rotate \(stale.name)") }
                let line = "stale: \(stale.path) is not encrypted for rule #\(stale.rule)'s recipients (\(parts.joined(separator: "; "))): run "
                    + fixes.joined(separator: "; ")
                return TerminalText.safe(line)
            }.joined(separator: "\n") + "\n"
        }

        private static func quoted(_ text: String) -> String { text.contains(" ") ? "'\(text)'" : text }

        /// `{"config", "recipients": [...], "stale": [...]}`, keys sorted, every name listed.
        static func json(_ report: ListRecipients.Report) -> JSONText {
            let rows = report.rows.map { row in
                var members: [(String, JSONText)] = [
                    ("recipient", .string(row.recipient)), ("kind", .string(row.kind)), ("listed", .bool(row.listed)),
                    ("credentials", .array(row.credentials.map(JSONText.string))),
                    ("rule", row.rule.map { .int(Int64($0)) } ?? .null), ("path_regex", .stringOrNull(row.pathRegex)),
                ]
                if let label = row.label { members.append(("label", .string(label))) }
                return JSONText.sortedObject(members)
            }
            let stale = report.stale.map { stale in
                JSONText.sortedObject([
                    ("name", .string(stale.name)), ("path", .string(stale.path)), ("rule", .int(Int64(stale.rule))),
                    ("path_regex", .stringOrNull(stale.pathRegex)), ("missing", .array(stale.missing.map(JSONText.string))),
                    ("extra", .array(stale.extra.map(JSONText.string))),
                ])
            }
            return JSONText.sortedObject([
                ("config", .stringOrNull(report.config)), ("recipients", .array(rows)), ("stale", .array(stale)),
            ])
        }
    }
}
