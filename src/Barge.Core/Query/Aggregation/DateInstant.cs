using System.Globalization;

namespace Barge.Core.Query.Aggregation;

/// <summary>
/// A stored date as nanoseconds since the epoch. Dates are kept as RFC3339 text with up to nine fraction digits (Go's
/// precision), which <see cref="DateTimeOffset"/> (100 ns ticks) would round, so the fraction is read separately.
/// </summary>
internal static class DateInstant
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Nanoseconds since the epoch of a normalized RFC3339 text, or false for text that is not one.</summary>
    public static bool TryParse(string text, out Int128 nanos)
    {
        nanos = 0;
        const int secondsEnd = 19; // yyyy-mm-ddThh:mm:ss
        if (text.Length <= secondsEnd) return false;
        var pos = secondsEnd;
        long fraction = 0;
        if (text[pos] == '.')
        {
            var digits = 0;
            for (pos++; pos < text.Length && char.IsAsciiDigit(text[pos]); pos++, digits++)
            {
                if (digits < 9) fraction = fraction * 10 + (text[pos] - '0');
            }
            for (; digits < 9; digits++) fraction *= 10;
        }
        var whole = string.Concat(text.AsSpan(0, secondsEnd), text.AsSpan(pos));
        if (!DateTimeOffset.TryParseExact(whole, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var seconds))
            return false;
        nanos = (Int128)seconds.ToUnixTimeSeconds() * NanosPerSecond + fraction;
        return true;
    }

    /// <summary>RFC3339 in UTC with the fraction's trailing zeros dropped (Go's RFC3339Nano).</summary>
    public static string Format(Int128 nanos)
    {
        var seconds = (long)(nanos >= 0 ? nanos / NanosPerSecond : (nanos - (NanosPerSecond - 1)) / NanosPerSecond);
        var fraction = (long)(nanos - (Int128)seconds * NanosPerSecond);
        var text = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return fraction == 0 ? text + "Z" : text + "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }
}
