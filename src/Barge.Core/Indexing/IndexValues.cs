using System.Globalization;

namespace Barge.Core.Indexing;

/// <summary>Conversions shared by indexing and filtering so that both produce identical stored values.</summary>
public static class IndexValues
{
    /// <summary>An RFC3339 date as epoch milliseconds (the offset is honoured).</summary>
    public static bool TryParseDate(string text, out long epochMillis)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AssumeUniversal, out var d))
        {
            epochMillis = d.ToUnixTimeMilliseconds();
            return true;
        }
        epochMillis = 0;
        return false;
    }

    /// <summary>A beacon's index value: <c>Class/uuid</c>, or <c>/uuid</c> for a class-less beacon; null when malformed.</summary>
    public static string? BeaconKey(string beacon)
    {
        const string prefix = "weaviate://localhost/";
        if (!beacon.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var parts = beacon[prefix.Length..].Split('/');
        return parts.Length switch
        {
            1 => "/" + parts[0].ToLowerInvariant(),
            2 => parts[0] + "/" + parts[1].ToLowerInvariant(),
            _ => null,
        };
    }
}
