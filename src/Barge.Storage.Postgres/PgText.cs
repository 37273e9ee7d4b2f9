namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000, which JSON strings (and so Weaviate's data) may contain. Index tokens and
/// journal fields are stored with it replaced by U+FFFD, and every value compared with them (filter values, journal
/// lookups) goes through the same mapping, so that such a value is stored and found instead of failing the whole
/// write with 22021. Object properties need no mapping: they are stored as JSON text, where U+0000 is escaped.
/// </summary>
internal static class PgText
{
    public static string Storable(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    /// <summary><see cref="Storable(string)"/> for a parameter value of any type (others pass unchanged).</summary>
    public static object? Storable(object? value) => value is string s ? Storable(s) : value;
}
