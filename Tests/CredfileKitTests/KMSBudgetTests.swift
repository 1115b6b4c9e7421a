import Foundation
import Testing
@testable import CredfileKit

/// A hostile file may list up to 256 KMS entries whose endpoints never answer: one file's
/// calls stop after a time budget, and a region that did not answer is not asked again in the
/// same run (red-team finding F3 of issue 14).
@Suite struct KMSBudgetTests {
    let fixture = Fixture("sops-3.11-wrote-kms-and-age")

    /// A KMS that takes `delay` to refuse every call, counting them.
    final class SlowRefusingKMS: KMSService, @unchecked Sendable {
        let delay: Duration
        private let lock = NSLock()
        private var count = 0
        var calls: Int { lock.withLock { count } }

        init(delay: Duration) { self.delay = delay }

        func encrypt(_ dataKey: [UInt8], key: KMSMasterKey) throws -> String {
            throw CredfileError(.keyService, "refused")
        }

        func decrypt(_ enc: String, key: KMSMasterKey) throws -> [UInt8] {
            lock.withLock { count += 1 }
            Thread.sleep(forTimeInterval: Double(delay.components.attoseconds) / 1e18 + Double(delay.components.seconds))
            throw CredfileError(.noIdentity, "\(key.arn): refused")
        }
    }

    func metadata(entries: Int) throws -> SOPSMetadata {
        let document = try SOPSDocument(bytes: fixture.bytes("encrypted.yaml"), path: "encrypted.yaml")
        var metadata = try #require(try document.metadata)
        metadata.kms = Array(repeating: metadata.kms[0], count: entries)
        return metadata
    }

    @Test func oneFilesKMSCallsStopAtTheBudgetAndSayHowManyWereLeft() throws {
        let service = SlowRefusingKMS(delay: .milliseconds(40))
        let source = KMSKeySource(service: service, budget: .milliseconds(100))
        var damaged: [String] = []
        #expect(try source.unwrapDataKey(metadata(entries: 50), damaged: &damaged) == nil)
        #expect(service.calls >= 2 && service.calls <= 5)
        let last = try #require(damaged.last)
        #expect(last.hasPrefix("\(50 - service.calls) more AWS KMS entries not tried"))
    }

    @Test func everyEntryIsTriedWithinTheBudget() throws {
        let service = SlowRefusingKMS(delay: .zero)
        var damaged: [String] = []
        #expect(try KMSKeySource(service: service).unwrapDataKey(metadata(entries: 10), damaged: &damaged) == nil)
        #expect(service.calls == 10)
        #expect(damaged.count == 10)
    }

    /// A closed loopback port stands for an endpoint that does not answer: the second call for
    /// the same region fails at once, saying why, without asking the network again.
    @Test func aRegionThatDidNotAnswerIsNotAskedAgainInTheRun() throws {
        let service = AWSKMSService(environment: [
            "AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ])
        let key = try KMSMasterKey(parsing: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        let first = #expect(throws: CredfileError.self) { try service.decrypt("AQID", key: key) }
        #expect(first?.message.contains("did not answer earlier") == false)
        let second = #expect(throws: CredfileError.self) { try service.decrypt("AQID", key: key) }
        #expect(second?.message.contains("not tried: the KMS endpoint for http://127.0.0.1:1 did not answer earlier in this run") == true)
        // With the endpoint named by the environment, an invented region goes there too: it is
        // not asked again under another name.
        let invented = try KMSMasterKey(parsing: "arn:aws:kms:zz-nowhere-9:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        let third = #expect(throws: CredfileError.self) { try service.decrypt("AQID", key: invented) }
        #expect(third?.message.contains("did not answer earlier in this run") == true)
    }

    @Test func atMostSixteenEntriesOfOneFileAreAsked() throws {
        let service = SlowRefusingKMS(delay: .zero)
        var damaged: [String] = []
        #expect(try KMSKeySource(service: service).unwrapDataKey(metadata(entries: 256), damaged: &damaged) == nil)
        #expect(service.calls == 16)
        #expect(damaged.last == "240 more AWS KMS entries not tried: at most 16 are asked per file")
    }

    /// Quick failures add up across files: past the run's budget nothing more is asked.
    @Test func failuresAcrossTheRunHaveOneBudget() {
        let limits = RunLimits()
        limits.failed(endpoint: "eu-west-1", unreachable: false, took: .seconds(100))
        #expect(limits.refusal(endpoint: "us-east-1", budget: .seconds(120)) == nil)
        limits.failed(endpoint: "us-east-1", unreachable: false, took: .seconds(30))
        #expect(limits.refusal(endpoint: "us-east-1", budget: .seconds(120)) == "KMS calls that failed in this run already took over 120.0 seconds")
    }
}
