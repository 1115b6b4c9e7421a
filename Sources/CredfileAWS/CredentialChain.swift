#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where credentials come from, in the order of the AWS SDK for Go v2 as sops 3.11 calls it
/// (aws-sdk-go-v2 config/resolve_credentials.go, resolveCredentialChain):
///
/// 1. a profile set *programmatically* — sops's `aws_profile` (kms/keysource.go,
///    createKMSConfig: `lo.SharedConfigProfile = key.AwsProfile`) — wins over everything;
/// 2. else `AWS_ACCESS_KEY_ID` (or `AWS_ACCESS_KEY`) + `AWS_SECRET_ACCESS_KEY` (or
///    `AWS_SECRET_KEY`), with `AWS_SESSION_TOKEN` (config/env_config.go);
/// 3. else the profile `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`, or `default`) from the shared
///    files: static keys, or `role_arn` with `source_profile` / `credential_source =
///    Environment`, assumed through STS.
///
/// Not implemented, reported as `.unsupported` rather than silently skipped: SSO profiles,
/// `credential_process`, web identity, and the container / EC2 instance-metadata providers.
struct CredentialChain {
    var environment: [String: String]
    var http: HTTPTransport

    /// The credentials for a key used with `profile` (sops's `aws_profile`), whose STS calls (a
    /// profile's `role_arn`) go to `region`.
    func resolve(profile: String?, region: String) throws(AWSError) -> AWSCredentials {
        if let profile, !profile.isEmpty {
            return try fromProfile(profile, explicit: true, region: region)
        }
        if let keys = environmentKeys() { return keys }
        if let named = firstSet(["AWS_PROFILE", "AWS_DEFAULT_PROFILE"]) {
            return try fromProfile(named, explicit: true, region: region)
        }
        return try fromProfile("default", explicit: false, region: region)
    }

    /// The profile whose `endpoint_url` applies (the one `resolve` reads).
    func activeProfile(_ profile: String?) -> String {
        if let profile, !profile.isEmpty { return profile }
        return firstSet(["AWS_PROFILE", "AWS_DEFAULT_PROFILE"]) ?? "default"
    }

    private func environmentKeys() -> AWSCredentials? {
        guard let id = firstSet(["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"]),
            let secret = firstSet(["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"])
        else { return nil }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: firstSet(["AWS_SESSION_TOKEN"]))
    }

    private func firstSet(_ names: [String]) -> String? {
        names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }

    private func fromProfile(_ name: String, explicit: Bool, region: String) throws(AWSError) -> AWSCredentials {
        let shared = try SharedConfig.load(environment: environment)
        return try credentials(of: name, in: shared, explicit: explicit, region: region, depth: 0)
    }

    /// One profile's credentials; `depth` bounds a `source_profile` chain (and breaks cycles).
    private func credentials(of name: String, in shared: SharedConfig, explicit: Bool, region: String, depth: Int) throws(AWSError) -> AWSCredentials {
        guard depth < 5 else { throw AWSError(.credentials, "AWS profile '\(name)': source_profile chain is longer than 5 (a cycle?)") }
        guard let settings = shared.profiles[name] else {
            if explicit || depth > 0 {
                let files = shared.files.isEmpty ? "no AWS shared files were found" : "not in \(shared.files.joined(separator: ", "))"
                throw AWSError(.credentials, "AWS profile '\(name)' does not exist (\(files))")
            }
            throw Self.noCredentials(environment)
        }
        var base: AWSCredentials
        let roleARN = settings["role_arn"].flatMap { $0.isEmpty ? nil : $0 }
        if roleARN != nil, let source = settings["source_profile"], !source.isEmpty, depth == 0 || source != name {
            base = try credentials(of: source, in: shared, explicit: true, region: region, depth: depth + 1)
        } else if let id = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"], !id.isEmpty, !secret.isEmpty {
            base = AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 })
        } else if roleARN != nil, settings["credential_source"] == "Environment", let keys = environmentKeys() {
            base = keys
        } else {
            throw Self.unsupported(profile: name, settings: settings, environment: environment)
        }
        guard let roleARN, !(depth > 0 && settings["aws_access_key_id"] != nil) else { return base }
        // A profile with role_arn: the Go SDK's stscreds default session name.
        let session = settings["role_session_name"].flatMap { $0.isEmpty ? nil : $0 } ?? "aws-go-sdk-\(Int(Date().timeIntervalSince1970 * 1e9))"
        return try STSClient(environment: environment, http: http, profile: activeProfile(name))
            .assumeRole(roleARN: roleARN, sessionName: session, credentials: base, region: region)
    }

    private static func unsupported(profile: String, settings: [String: String], environment: [String: String]) -> AWSError {
        let keys = settings.keys
        let what: String? =
            keys.contains(where: { $0.hasPrefix("sso_") }) ? "SSO (sso_*)"
            : keys.contains("credential_process") ? "credential_process"
            : keys.contains("web_identity_token_file") ? "web_identity_token_file"
            : settings["credential_source"].map { "credential_source = \($0)" }
        guard let what else {
            return AWSError(.credentials, "AWS profile '\(profile)' has no aws_access_key_id / aws_secret_access_key")
        }
        return AWSError(.unsupported, "AWS profile '\(profile)' uses \(what), which credfile does not support; use static keys, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or role_arn with source_profile")
    }

    private static func noCredentials(_ environment: [String: String]) -> AWSError {
        let container = ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"]
            .filter { !(environment[$0] ?? "").isEmpty }
        if let first = container.first {
            return AWSError(.unsupported, "\(first) is set, but credfile does not support container or web-identity credentials; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile")
        }
        return AWSError(.credentials, "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a profile in ~/.aws/credentials (EC2 instance metadata is not supported)")
    }
}
