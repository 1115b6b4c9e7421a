@testable import CredfileAWS
import Foundation
import Testing

/// SigV4 against AWS's published test suite ("Signature Version 4 test suite", AWS General
/// Reference; the aws-sig-v4-test-suite files get-vanilla, get-vanilla-query-order-key-case,
/// post-vanilla and post-x-www-form-urlencoded): credentials AKIDEXAMPLE /
/// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region us-east-1, service "service",
/// 20150830T123600Z. The expected strings are the suite's .creq / .sts / .authz files (also
/// reproduced with botocore's SigV4Auth when this test was written).
struct SigV4Tests {
    let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    let date = "20150830T123600Z"
    let base: [(name: String, value: String)] = [(name: "Host", value: "example.amazonaws.com"), (name: "X-Amz-Date", value: "20150830T123600Z")]

    private func authz(_ signature: String, signed: String = "host;x-amz-date") -> String {
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=\(signed), Signature=\(signature)"
    }

    @Test func getVanilla() throws {
        let (creq, _) = SigV4Signer.canonicalRequest(method: "GET", path: "/", query: "", headers: base, body: [])
        #expect(creq == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let sts = SigV4Signer.stringToSign(amzDate: date, scope: "20150830/us-east-1/service/aws4_request", canonicalRequest: creq)
        #expect(sts == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
        let value = try signer.authorization(method: "GET", path: "/", query: "", headers: base, body: [], amzDate: date)
        #expect(value == authz("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
    }

    @Test func getVanillaQueryOrderKeyCase() throws {
        let (creq, _) = SigV4Signer.canonicalRequest(method: "GET", path: "/", query: "Param2=value2&Param1=value1", headers: base, body: [])
        #expect(creq.split(separator: "\n", omittingEmptySubsequences: false)[2] == "Param1=value1&Param2=value2")
        let value = try signer.authorization(method: "GET", path: "/", query: "Param2=value2&Param1=value1", headers: base, body: [], amzDate: date)
        #expect(value == authz("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
    }

    @Test func postVanilla() throws {
        let value = try signer.authorization(method: "POST", path: "/", query: "", headers: base, body: [], amzDate: date)
        #expect(value == authz("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"))
    }

    @Test func postXWWWFormURLEncoded() throws {
        let headers = [(name: "Content-Type", value: "application/x-www-form-urlencoded")] + base
        let value = try signer.authorization(
            method: "POST", path: "/", query: "", headers: headers, body: Array("Param1=value1".utf8), amzDate: date)
        #expect(value == authz("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a", signed: "content-type;host;x-amz-date"))
    }

    @Test func signAddsHostWithPortDateTokenAndAuthorization() throws {
        var withToken = signer
        withToken.credentials.sessionToken = "TOKEN"
        let headers = try withToken.sign(
            method: "POST", url: "http://127.0.0.1:4566/", headers: [], body: [], date: Date(timeIntervalSince1970: 1_440_938_160))
        let byName = Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["Host"] == "127.0.0.1:4566")
        #expect(byName["X-Amz-Date"] == "20150830T123600Z")
        #expect(byName["X-Amz-Security-Token"] == "TOKEN")
        #expect(byName["Authorization"]?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,") == true)
    }

    @Test func credentialsNeverPrintTheirValues() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "SECRET", sessionToken: "TOKEN")
        #expect(!"\(credentials)".contains("SECRET"))
        #expect(!"\(credentials)".contains("TOKEN"))
    }
}

/// The sops facts mirrored without a server: the ARN shape and region, the STS session
/// name, the endpoint order, the shared-file reading, the error mapping.
struct KMSKeyReferenceTests {
    /// sops's regex shape, made strict where the region becomes a host name (the account is
    /// 12 digits, the region `[a-z]{2}(-[a-z]+)+-N`), since the ARN comes from a file.
    @Test func arnShapeAndRegionAsSopsRegexReadsThem() {
        let key = KMSKeyReference(arn: "arn:aws:kms:us-west-2:107501996527:key/612d5f0p-p1l3-45e6-aca6-a5b005693a48")
        #expect(key.region == "us-west-2")
        #expect(KMSKeyReference(arn: "arn:aws-cn:kms:cn-north-1:111122223333:alias/prod").region == "cn-north-1")
        #expect(KMSKeyReference(arn: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/x").region == "us-gov-west-1")
        #expect(KMSKeyReference(arn: "arn:aws:kms:x@evil.example#:111122223333:key/x").region == nil)
        for invalid in [
            "alias/prod", "arn:aws:kms:us-west-2:notdigits:key/x", "arn:aws:kms:us-west-2:123:key/", "arn:aws:s3:::bucket",
            "arn:aws:kms::123:key/x", "arn:aws:kms:eu-west-1:123:user/x", "arn:aws:kms:eu-west-1:123:key/a\nb", "",
        ] {
            #expect(!KMSKeyReference.isValidARN(invalid), "\(invalid)")
        }
    }

    @Test func sessionNameIsSopsAtSanitisedHostname() {
        #expect(AWSKMSClient.sessionName(hostname: "web-01.corp.example") == "sops@web01.corp.example")
        #expect(AWSKMSClient.sessionName(hostname: "Host_[x]^ é") == "sops@Host_[x]^")
        let long = AWSKMSClient.sessionName(hostname: String(repeating: "a", count: 100))
        #expect(long.count == 64 && long.hasPrefix("sops@aaa"))
    }

    @Test func endpointOrderServiceThenGlobalThenProfileThenPublic() {
        let all = ["AWS_ENDPOINT_URL_KMS": "http://kms", "AWS_ENDPOINT_URL": "http://all"]
        #expect(Endpoints.url(service: "kms", region: "eu-west-1", environment: all, profileEndpoint: "http://p") == "http://kms")
        #expect(Endpoints.url(service: "sts", region: "eu-west-1", environment: all, profileEndpoint: "http://p") == "http://all")
        #expect(Endpoints.url(service: "sts", region: "eu-west-1", environment: [:], profileEndpoint: "http://p") == "http://p")
        #expect(Endpoints.url(service: "kms", region: "eu-west-1", environment: [:], profileEndpoint: nil) == "https://kms.eu-west-1.amazonaws.com")
        #expect(Endpoints.url(service: "sts", region: "cn-north-1", environment: [:], profileEndpoint: nil) == "https://sts.cn-north-1.amazonaws.com.cn")
        let ignored = all.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { a, _ in a }
        #expect(Endpoints.url(service: "kms", region: "us-east-1", environment: ignored, profileEndpoint: "http://p") == "https://kms.us-east-1.amazonaws.com")
    }

    @Test func sharedFilesProfilesAndPrecedence() throws {
        let text = "# comment\n[default]\naws_access_key_id = A\n\n[profile dev]\nregion = eu-west-1 # inline\ns3 =\n  addressing_style = path\nRole_Arn=arn:aws:iam::1:role/r\n"
        let sections = SharedConfig.parse(text)
        #expect(sections.map(\.0) == ["default", "profile dev"])
        #expect(sections[1].1 == ["region": "eu-west-1", "s3": "", "role_arn": "arn:aws:iam::1:role/r"])
    }

    @Test func kmsErrorCodesMapToKinds() {
        #expect(KMSErrors.kind("AccessDeniedException") == .accessDenied)
        #expect(KMSErrors.kind("DisabledException") == .keyDisabled)
        #expect(KMSErrors.kind("NotFoundException") == .keyNotFound)
        #expect(KMSErrors.kind("InvalidCiphertextException") == .invalidCiphertext)
        #expect(KMSErrors.kind("UnrecognizedClientException") == .credentials)
        #expect(KMSErrors.kind("InvalidSignatureException") == .credentials)
        #expect(KMSErrors.kind("ThrottlingException") == .badResponse)
    }
}
