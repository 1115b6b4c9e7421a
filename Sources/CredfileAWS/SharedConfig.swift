#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two shared files of the AWS SDKs, `~/.aws/credentials` and `~/.aws/config`, read as the
/// Go SDK v2 reads them for what credfile uses: a profile's static keys, its `role_arn` /
/// `source_profile` / `credential_source`, its `endpoint_url`, and a note of the settings
/// credfile does not implement (SSO, `credential_process`, web identity).
struct SharedConfig {
    /// One profile's settings, keys lower-cased; the credentials file wins over the config file
    /// for a key both set (Go SDK v2 config/shared_config.go loads config, then credentials).
    var profiles: [String: [String: String]] = [:]
    /// The files that were read, for messages.
    var files: [String] = []

    /// Reads both files (missing files are empty). `AWS_SHARED_CREDENTIALS_FILE` and
    /// `AWS_CONFIG_FILE` replace the defaults under `$HOME/.aws/`.
    static func load(environment: [String: String]) throws(AWSError) -> SharedConfig {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let configPath = environment["AWS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? home.map { "\($0)/.aws/config" }
        let credentialsPath =
            environment["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? home.map { "\($0)/.aws/credentials" }
        var shared = SharedConfig()
        if let configPath, let text = try read(configPath) {
            shared.files.append(configPath)
            for (name, values) in parse(text) {
                // config: `[profile NAME]`, and `[default]` (also accepted as `[profile default]`).
                let profile = name.hasPrefix("profile ") ? String(name.dropFirst(8)).trimmed : (name == "default" ? name : nil)
                guard let profile else { continue }
                shared.profiles[profile, default: [:]].merge(values) { _, new in new }
            }
        }
        if let credentialsPath, let text = try read(credentialsPath) {
            shared.files.append(credentialsPath)
            for (name, values) in parse(text) { shared.profiles[name, default: [:]].merge(values) { _, new in new } }
        }
        return shared
    }

    /// The file's text, nil when it does not exist; at most 1 MiB.
    private static func read(_ path: String) throws(AWSError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSError(.credentials, "cannot read AWS shared file \(path)")
        }
        guard data.count <= 1 << 20 else { throw AWSError(.credentials, "AWS shared file \(path) is larger than 1 MiB") }
        return String(decoding: data, as: UTF8.self)
    }

    /// INI sections in order: `[name]`, `key = value`; `#` and `;` comments; indented lines
    /// (the nested `s3 =` style sub-settings) and lines without `=` are skipped.
    static func parse(_ text: String) -> [(String, [String: String])] {
        var sections: [(String, [String: String])] = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if raw.first == " " || raw.first == "\t" { continue }
            let line = raw.trimmed
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), let close = line.lastIndex(of: "]") {
                let name = line[line.index(after: line.startIndex)..<close].trimmed
                sections.append((name.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "), [:]))
                continue
            }
            guard !sections.isEmpty, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmed.lowercased()
            var value = line[line.index(after: equals)...].trimmed
            // An inline comment needs whitespace before it (as in the SDK's ini parser).
            if let hash = value.firstRange(of: " #") ?? value.firstRange(of: " ;") { value = value[..<hash.lowerBound].trimmed }
            sections[sections.count - 1].1[key] = value
        }
        return sections
    }
}

extension StringProtocol {
    var trimmed: String {
        var slice = Substring(self)
        while let c = slice.first, c == " " || c == "\t" { slice.removeFirst() }
        while let c = slice.last, c == " " || c == "\t" { slice.removeLast() }
        return String(slice)
    }
}
