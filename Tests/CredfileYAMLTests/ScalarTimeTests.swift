import CredfileYAML
import Testing

@Suite struct ScalarTimeTests {
    /// time.UnmarshalText then MarshalText (sops decrypt of type:time): Go's lenient RFC 3339
    /// fallback takes a 1-digit hour and a ',' fraction; +00:00 prints as Z.
    static let unmarshalRoundTrips: [(String, String)] = [
        ("2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z"),
        ("2001-12-14T21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"),
        ("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z"),
        ("2024-01-01T10:20:30.000000000Z", "2024-01-01T10:20:30Z"),
        ("2024-01-01T10:20:30.1234567899Z", "2024-01-01T10:20:30.123456789Z"),
        ("2024-01-01T1:20:30Z", "2024-01-01T01:20:30Z"),
        ("2024-01-01T10:20:30,5+02:00", "2024-01-01T10:20:30.5+02:00"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("2024-02-29T12:00:00-09:30", "2024-02-29T12:00:00-09:30"),
    ]

    @Test(arguments: ScalarTimeTests.unmarshalRoundTrips)
    func unmarshalThenMarshal(text: String, expected: String) throws {
        let t = try #require(GoTime(rfc3339: text))
        #expect(t.rfc3339Nano == expected)
        #expect(t.marshalText == expected)
    }

    /// RFC 3339 demands two-digit month/day/minute/second, 'T', and a zone.
    @Test(arguments: ["2024-01-02", "2024-1-02T00:00:00Z", "2024-01-02T00:00:00", "2024-01-02t00:00:00Z",
                      "2024-01-02 00:00:00Z", "2024-01-02T00:0:00Z", "2024-13-02T00:00:00Z", "2023-02-29T00:00:00Z",
                      "2024-01-02T24:00:00Z", "2024-01-02T00:00:60Z", "2024-01-02T00:00:00+0100",
                      "2024-01-02T00:00:00+25:00", "2024-01-02T00:00:00z", "", "2024-01-02T00:00:00Z "])
    func unmarshalRejects(text: String) {
        #expect(GoTime(rfc3339: text) == nil)
    }

    /// sops-format.md §3.4: the lastmodified AAD is the RFC3339 re-format: fraction dropped,
    /// offset kept, +00:00 → Z.
    static let lastModified: [(String, String)] = [
        ("2026-11-22T08:16:20Z", "2026-11-22T08:16:20Z"),
        ("2026-11-22T08:16:00.5Z", "2026-11-22T08:16:00Z"),
        ("2026-11-22T08:16:20+02:00", "2026-11-22T08:16:20+02:00"),
        ("2026-11-22T08:16:20+00:00", "2026-11-22T08:16:20Z"),
    ]

    @Test(arguments: ScalarTimeTests.lastModified)
    func lastModifiedAAD(text: String, expected: String) throws {
        #expect(try #require(GoTime(rfc3339: text)).rfc3339 == expected)
    }

    /// The instant is absolute: the same moment in two zones has the same Unix seconds.
    @Test func instantIsZoneIndependent() throws {
        let a = try #require(GoTime(rfc3339: "2024-01-01T00:00:00+01:00"))
        let b = try #require(GoTime(rfc3339: "2023-12-31T23:00:00Z"))
        #expect(a.unixSeconds == b.unixSeconds)
        #expect(a != b)  // different offsets print differently, so they are different values
        #expect(b.unixSeconds == 1_704_063_600)  // date -u -d 2023-12-31T23:00:00Z +%s
    }

    /// Go's MarshalText fails for a zone hour of 24 (time.Parse allows up to 24:60), and sops
    /// then fails with "timezone hour outside of range [0,23]".
    @Test func marshalTextRejectsOffsetOf24Hours() throws {
        let t = try #require(GoTime(rfc3339: "2024-01-01T00:00:00+24:00"))
        #expect(t.marshalText == nil)
        #expect(t.rfc3339 == "2024-01-01T00:00:00+24:00")
        let y = YAMLResolver.resolve(YAMLScalar("2024-01-01T00:00:00+23:60"))
        #expect(y.sopsType == "time")
        #expect(y.canonicalPlaintext == nil)
    }

    @Test func nowIsUTCWithWholeSeconds() throws {
        let now = GoTime.now()
        #expect(now.utcOffset == 0 && now.nanosecond == 0)
        #expect(now.rfc3339.hasSuffix("Z") && now.rfc3339.count == 20)
        #expect(now.unixSeconds > 1_700_000_000)  // after 2023-11-14
        #expect(GoTime(rfc3339: now.rfc3339) == now)
    }

    /// Civil arithmetic over a wide range: each day from 1600 to 2400 in steps, formatted and
    /// parsed back, must keep its Unix seconds and advance by exactly one day per day.
    @Test func civilDatesRoundTrip() throws {
        var previous: Int64?
        for day in stride(from: Int64(-135_140), through: 157_000, by: 37) {
            let t = GoTime(unixSeconds: day * 86_400 + 45_296)  // 12:34:56
            let back = try #require(GoTime(rfc3339: t.rfc3339))
            #expect(back.unixSeconds == t.unixSeconds, "\(t.rfc3339)")
            #expect(t.rfc3339.contains("T12:34:56Z"))
            if let previous { #expect(back.unixSeconds - previous == 37 * 86_400) }
            previous = back.unixSeconds
        }
    }
}
