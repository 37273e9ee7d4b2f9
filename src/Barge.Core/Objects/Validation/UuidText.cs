using System.Globalization;

namespace Barge.Core.Objects.Validation;

/// <summary>UUID text forms accepted by Weaviate, normalized to the canonical lower-case 36-character form.</summary>
internal static class UuidText
{
    /// <summary>
    /// The forms Go's <c>github.com/google/uuid</c> parser accepts for <c>uuid</c> properties: canonical 36 characters,
    /// 32 hex digits, <c>{…}</c>, and <c>urn:uuid:…</c>.
    /// </summary>
    public static string? NormalizeLenient(string text)
    {
        var core = text;
        if (core.Length == 45 && core.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) core = core[9..];
        else if (core.Length == 38 && core[0] == '{' && core[^1] == '}') core = core[1..^1];

        return core.Length switch
        {
            36 => Dashed(core),
            32 => Compact(core),
            _ => null,
        };
    }

    /// <summary>
    /// The forms a beacon may carry (go-openapi's <c>strfmt.IsUUID</c>): hex groups 8-4-4-4-12, dashes optional.
    /// </summary>
    public static string? NormalizeStrict(string text) => text.Length switch
    {
        36 => Dashed(text),
        32 => Compact(text),
        _ => null,
    };

    private static string? Dashed(string s)
    {
        if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return null;
        return Compact(s.Replace("-", "", StringComparison.Ordinal));
    }

    private static string? Compact(string s)
    {
        if (s.Length != 32) return null;
        foreach (var c in s)
            if (!char.IsAsciiHexDigit(c)) return null;
        return Guid.ParseExact(s, "N").ToString("D", CultureInfo.InvariantCulture);
    }
}
