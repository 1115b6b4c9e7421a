/// Which URL a service call goes to, as the Go SDK v2 resolves it for sops (aws-sdk-go-v2
/// config/env_config.go, GetServiceBaseEndpoint and getBaseEndpoint; the "configured
/// endpoints" feature):
///
/// 1. `AWS_ENDPOINT_URL_<SERVICE>` (`AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL_STS`);
/// 2. `AWS_ENDPOINT_URL`;
/// 3. the active profile's `endpoint_url`;
/// 4. the public regional endpoint, `https://<service>.<region>.amazonaws.com` (`.com.cn` in
///    the China regions).
///
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` skips 1–3. (The SDK also reads a profile's
/// `services` sub-section; credfile does not.)
enum Endpoints {
    static func url(service: String, region: String, environment: [String: String], profileEndpoint: String?) -> String {
        let ignore = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        if !ignore {
            for candidate in [environment["AWS_ENDPOINT_URL_\(service.uppercased())"], environment["AWS_ENDPOINT_URL"], profileEndpoint] {
                if let candidate, !candidate.isEmpty { return candidate }
            }
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return "https://\(service).\(region).\(suffix)"
    }
}
