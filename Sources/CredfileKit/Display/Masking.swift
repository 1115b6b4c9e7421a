/// How a saved secret is shown (DESIGN.md §1): `****` followed by its last four characters,
/// and only `****` when it has fewer than 8, so a short secret is never shown whole or mostly.
/// The number of asterisks says nothing about the length.
public enum Masking {
    public static let stars = "****"

    /// `****` + the last four characters (grapheme clusters, so `é` or an emoji counts once).
    public static func mask(_ value: String) -> String {
        value.count < 8 ? stars : stars + String(value.suffix(4))
    }
}
