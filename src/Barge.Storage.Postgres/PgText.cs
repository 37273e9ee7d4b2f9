namespace Barge.Storage.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000, which JSON strings (and so Weaviate's data) may contain. Index tokens and
/// journal fields are stored with it replaced by U+FFFD, and every value compared with them (filter values, journal
/// lookups) goes through the same mapping, so that such a value is stored and found instead of failing the whole
/// write with 22021. Object properties need no mapping: they are stored as JSON text, where U+0000 is escaped.
/// Tenants are mapped too, on every statement: a tenant read from a request (a lookup, a merge, a reference) is not
/// checked before it reaches the store, and one with U+0000 must match nothing, as it does on SQLite, not fail.
/// </summary>
internal static class PgText
{
    public static string Storable(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    /// <summary>A tenant as the tenant column holds it: "" for none.</summary>
    public static string Tenant(string? tenant) => Storable(tenant ?? "");

    /// <summary><see cref="Storable(string)"/> for a parameter value of any type (others pass unchanged).</summary>
    public static object? Storable(object? value) => value is string s ? Storable(s) : value;

    /// <summary>
    /// SQL that reads the JSON text <paramref name="column"/> holds with every <c>\u0000</c> escape as <c>\ufffd</c>:
    /// PostgreSQL's JSON operators refuse the whole document (22P05) when any string in it holds U+0000, so an object
    /// with one NUL anywhere would fail every geo filter or sort that reads its properties. The replacement keeps the
    /// text valid JSON (an escaped backslash before <c>u0000</c> stays a literal) and changes only string contents, in
    /// the same way as <see cref="Storable(string)"/> maps index tokens.
    /// </summary>
    public static string ParsableJson(string column) => $"replace({column}, '\\u0000', '\\ufffd')";
}
