import Testing
@testable import CredfileAWS

/// The per-run cache in front of the credential chain and STS: one resolution per (profile,
/// role, region), failures not remembered.
@Suite struct CredentialCacheTests {
    let alice = AWSCredentials(accessKeyID: "AKIDALICE", secretAccessKey: "alice-secret")
    let bob = AWSCredentials(accessKeyID: "AKIDBOB", secretAccessKey: "bob-secret")

    @Test func oneResolutionPerKey() throws {
        let cache = CredentialCache()
        var calls = 0
        for _ in 0..<5 {
            let got = try cache.credentials(for: ["", "arn:aws:iam::111122223333:role/deployer", "eu-west-1"]) { () throws(AWSError) in
                calls += 1
                return alice
            }
            #expect(got == alice)
        }
        #expect(calls == 1)
        let other = try cache.credentials(for: ["", "", "eu-west-1"]) { () throws(AWSError) in
            calls += 1
            return bob
        }
        #expect(other == bob && calls == 2)
    }

    @Test func aFailureIsNotRemembered() throws {
        let cache = CredentialCache()
        #expect(throws: AWSError.self) {
            try cache.credentials(for: ["p", "", "us-east-1"]) { () throws(AWSError) in throw AWSError(.timeout, "timed out") }
        }
        #expect(try cache.credentials(for: ["p", "", "us-east-1"]) { () throws(AWSError) in alice } == alice)
    }
}
