internal import CYAML

/// The libyaml credfile runs with, for `credfile --version`.
public enum LibYAMLVersion {
    /// The version of the libyaml loaded at run time (`yaml_get_version_string`, "0.2.5").
    public static var loaded: String { String(cString: yaml_get_version_string()) }

    /// What the binary was built against. libyaml's header declares no version macro, so the
    /// build-time fact is the shared object the binary was linked to: its soname, whose major
    /// number (2) changes with every ABI break, so any libyaml that loads under it is compatible.
    public static let builtAgainst = "libyaml-0.so.2"
}
