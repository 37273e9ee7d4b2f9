namespace Barge.Storage.Postgres;

/// <summary>Object ids: uuid columns here, lower-case text in the SQLite store.</summary>
internal static class PgIds
{
    /// <summary>
    /// Whether <paramref name="text"/> is exactly the canonical text of a uuid (lower-case, hyphenated), the only text
    /// that equals a stored id in the SQLite store. Other spellings (braces, no hyphens) must match nothing there, so
    /// they are not parsed into a uuid here either; callers compare them as text instead.
    /// </summary>
    public static bool TryCanonical(string text, out Guid id) =>
        Guid.TryParseExact(text, "D", out id) && string.Equals(id.ToString("D"), text, StringComparison.Ordinal);

    /// <summary>
    /// The uuid of a canonical id, or null. Core always hands over canonical UUIDs; anything else cannot name a stored
    /// row, so reads treat it as absent instead of failing the request.
    /// </summary>
    public static Guid? TryParse(string id) => TryCanonical(id, out var g) ? g : null;
}
