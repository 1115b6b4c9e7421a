@testable import CredfileKit

/// The value corpus every export format is tested with, and which values each format must
/// refuse (export-formats.md). Labels name the case; the values are never secrets.
enum ExportCorpus {
    static let values: [(label: String, value: String)] = [
        ("single quote", "it's"),
        ("double quotes", #"say "hi""#),
        ("backticks", "run `id`"),
        ("all quotes", #"a'b"c`d"#),
        ("backslash", #"a\b"#),
        ("double backslash", #"a\\b"#),
        ("trailing backslash", #"ab\"#),
        ("backslash before quote", #"a\"b\'c"#),
        ("dollar", "$"),
        ("dollar name", "$HOME"),
        ("dollar brace", "${X}"),
        ("quote and dollar", "it's $5"),
        ("hash", "#"),
        ("space hash", "a #b"),
        ("quote space hash", "a' #b"),
        ("equals", "a=b=c"),
        ("leading spaces", "  lead"),
        ("trailing spaces", "trail  "),
        ("only a space", " "),
        ("tab", "a\tb"),
        ("combining marks on quotes", "a'\u{301}b \\\u{301}c `\u{301}d"),
        ("combining mark after dollar brace", "${\u{301}X}"),
        ("unicode", "héllo wörld ñ 日本"),
        ("emoji", "😀🔑 ok"),
        ("decomposed and singleton-normalised letters", "e\u{301} \u{212B} \u{212A}"),
        ("yaml-special characters", "a\u{7F}b\u{85}c\u{2028}d\u{2029}e\u{FEFF}f\u{1B}g"),
        ("yaml plain-scalar traps", "yes"),
        ("pem", "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\nq2x5+y/z==\n-----END PRIVATE KEY-----\n"),
        ("crlf", "l1\r\nl2"),
        ("lone cr", "a\rb"),
        ("trailing cr", "ab\r"),
        ("literal backslash-n", #"l1\nl2"#),
        ("only a newline", "\n"),
        ("empty", ""),
        ("percent", "100% %0A %25"),
        ("colons", "::warning::x"),
        ("long", String(repeating: "0123456789abcdef", count: 250)),
        ("very long", String(repeating: "xyz'\"$\\", count: 10_000) + "end"),
    ]

    /// The labels each format refuses, and why (the doc's rules).
    static let refused: [ExportFormat: Set<String>] = [
        .shell: [],
        // `${` is interpolated in every quote style; `\\"` is read as an escaped quote.
        .dotenv: ["dollar brace", "combining mark after dollar brace", "trailing backslash"],
        // No quote character is free; no escape for it exists.
        .dotenvNode: ["all quotes"],
        // Line breaks end the entry; the line scanner drops a final CR; 64 KiB line limit.
        .docker: ["pem", "crlf", "only a newline", "trailing cr", "very long"],
        // `'…'` cannot hold `'` or a final `\`, `"…"` cannot hold a final `\` and interpolates `$`.
        .compose: ["trailing backslash", "quote and dollar", "very long"],
        .systemd: [],
        .github: [],
        // Single-line only, stripped on both sides, 5 KiB report, and no `$` (GitLab expands it).
        .gitlab: ["pem", "crlf", "lone cr", "trailing cr", "only a newline", "leading spaces", "trailing spaces",
                  "only a space", "very long", "dollar", "dollar name", "dollar brace", "quote and dollar",
                  "combining mark after dollar brace"],
        .json: [], .yaml: [], .k8s: [], .flux: [],
    ]

    /// One variable per corpus value, named by its index.
    static func variable(_ index: Int, sensitive: Bool = true) -> ExportVariable {
        ExportVariable(
            name: "V\(index)", value: values[index].value, sensitive: sensitive, credential: "corpus",
            field: "f\(index)")
    }

    /// The corpus values `format` accepts, as variables.
    static func accepted(by format: ExportFormat) -> [ExportVariable] {
        values.indices.filter { !refused[format]!.contains(values[$0].label) }.map { variable($0) }
    }
}
