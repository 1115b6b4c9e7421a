/// Accept/reject tables per field kind, shared by the checker tests and the pattern
/// equivalence tests (which add generated mutations of every entry).
enum SchemaFormatCorpus {
    static let label63 = String(repeating: "a", count: 63)
    static let label64 = String(repeating: "a", count: 64)
    /// 253 bytes: three labels of 63 and one of 61, joined by dots.
    static let name253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
    static let name254 = name253 + "e"

    static let hostname = (
        accept: [
            "localhost", "smtp.example.com", "a", "A.B", "a-b.c", "xn--bcher-kva.example", "sub.123abc", "123abc",
            label63, label63 + ".com", name253, "1.2.3.4", "0.0.0.0", "255.255.255.255", "192.168.10.1",
            "::", "::1", "1::", "2001:db8::1", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "::ffff:192.0.2.1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5::1.2.3.4", "::1.2.3.4", "ABCD:ef01::0000",
        ],
        reject: [
            "", " ", "-a", "a-", "a..b", ".a", "a.", "a_b", "a b", "host\n", "é.com", "smtp.example.com:25",
            label64, label64 + ".com", name254, "123", "1.2", "1.2.3", "1.2.3.4.5", "1.2.3.256", "256.1.1.1", "01.2.3.4",
            "1.2.3.04", "1.2.3.-1", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7:1.2.3.4",
            "1:2:3:4:5:6::1.2.3.4", "::1.2.3.256", "::1.2.3", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7", ":1::", "1::2:",
            "1.2.3.4::", "::01.2.3.4",
        ]
    )

    static let email = (
        accept: [
            "a@b.co", "first.last@example.com", "user+tag@example.com", "x!#$%&'*+/=?^_`{|}~-@ex.org",
            String(repeating: "l", count: 64) + "@example.com", "a@xn--d1a.example", "A@B.C", "1@2.c3",
            "a@" + name253,
        ],
        reject: [
            "", "@b.co", "a@", "a@b", "a@@b.co", ".a@b.co", "a.@b.co", "a..b@c.co", "a b@c.co", "a@b..co", "a@-b.co",
            "a@b.123", "a@1.2.3.4", "a@[1.2.3.4]", String(repeating: "l", count: 65) + "@example.com", "\"a\"@b.co",
            "a@b.co.", "é@b.co", "a(b)@c.co", "a@b_c.co", "a@" + name254, "a@b.co\n",
        ]
    )

    static let url = (
        accept: [
            "https://example.com", "http://example.com/", "https://example.com:8443/path?q=1#frag",
            "postgres://db.internal:5432/app", "https://[::1]:8080/", "https://[2001:db8::1]", "https://1.2.3.4",
            "ftp://files.example.com/a%20b", "s3+https://x.y", "a.b-c://h", "https://example.com?x", "https://example.com#f",
            "https://ex.com/é", "http://localhost:1", "http://localhost:65535", "https://ex.com/a?b?c", "https://ex.com/?#",
            "https://ex.com/a:b@c", "https://" + name253 + "/x",
        ],
        reject: [
            "", "example.com", "//example.com", "https:/example.com", "https://", "https://:80", "https://example.com:",
            "https://example.com:0", "https://example.com:65536", "https://example.com:080", "https://user:pw@example.com",
            "https://exa mple.com", "https://example.com/a b", "https://example.com/\u{7F}", "1http://x.y", "ht tp://x.y",
            "https://[::1", "https://::1/", "https://[1.2.3.4]/", "https://example.com/#a#b", "https://-a.com",
            "https://a.com\t", "https://example.com/\u{85}", "https://1.2.3.256/", "https://a.123", "https://" + name254,
            "https://ex.com:99999", "https://[::1]x", "mailto:a@b.co",
        ]
    )

    static let uuid = (
        accept: ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "00000000-0000-0000-0000-000000000000",
                 "aBcDeF01-2345-6789-abcd-EF0123456789"],
        reject: ["", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
                 "g23e4567-e89b-12d3-a456-426614174000", "{123e4567-e89b-12d3-a456-426614174000}", "123e4567-e89b12d3-a456-4266-14174000",
                 "123e4567-e89b-12d3-a456_426614174000"]
    )

    static let date = (
        accept: ["2024-02-29", "2000-02-29", "2027-06-30", "0001-01-01", "9999-12-31", "2027-12-31", "2027-01-31", "2027-04-30",
                 "2400-02-29", "0000-02-29", "2027-02-28"],
        reject: ["", "2023-02-29", "1900-02-29", "2100-02-29", "2027-13-01", "2027-00-10", "2027-01-00", "2027-04-31", "2027-6-30",
                 "27-06-30", "2027/06/30", "2027-06-30T00:00:00Z", " 2027-06-30", "20270-06-30", "2027-02-30", "2027-01-32"]
    )
}
