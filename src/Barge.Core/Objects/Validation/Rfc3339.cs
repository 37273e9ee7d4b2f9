namespace Barge.Core.Objects.Validation;

/// <summary>
/// RFC3339 date-time parsing with Go's <c>time.Parse(time.RFC3339, …)</c> strictness (ASCII digits, upper-case
/// <c>T</c>/<c>Z</c>, real calendar dates, no leap seconds) and its re-serialization (<c>RFC3339Nano</c>): the offset
/// is kept as given, a zero offset prints as <c>Z</c>, and trailing zeros of the fraction are dropped. We keep the text
/// rather than a <see cref="DateTimeOffset"/> because .NET's 7-digit precision would lose Go's nanoseconds.
/// Every date of every object passes here on the write path, so it reads the text by position and allocates
/// nothing when the text is already in its normalized form.
/// </summary>
internal static class Rfc3339
{
    // yyyy-mm-ddThh:mm:ss
    private const int SecondsEnd = 19;

    /// <summary>
    /// The normalized RFC3339 text, or null if <paramref name="text"/> is not an RFC3339 date-time. When the text is
    /// already normalized, the same string instance comes back.
    /// </summary>
    public static string? Normalize(string text)
    {
        var s = text.AsSpan();
        if (s.Length < SecondsEnd + 1) return null;
        if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return null;
        if (!TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second))
            return null;
        if (month is < 1 or > 12) return null;
        if (day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)) return null;
        if (hour > 23 || minute > 59 || second > 59) return null;

        var pos = SecondsEnd;
        var fractionStart = -1;
        var fractionLength = 0;
        if (s[pos] == '.')
        {
            fractionStart = ++pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            fractionLength = pos - fractionStart;
            if (fractionLength == 0) return null;
        }

        var zeroOffset = true;
        if (pos < s.Length && s[pos] == 'Z')
        {
            pos++;
        }
        else
        {
            if (pos + 6 != s.Length || (s[pos] != '+' && s[pos] != '-') || s[pos + 3] != ':') return null;
            if (!TryDigits(s, pos + 1, 2, out var offHours) || !TryDigits(s, pos + 4, 2, out var offMinutes)) return null;
            if (offHours > 23 || offMinutes > 59) return null;
            zeroOffset = offHours == 0 && offMinutes == 0;
            pos += 6;
        }
        if (pos != s.Length) return null;

        // Go keeps nanoseconds: truncate to 9 digits, then drop trailing zeros (RFC3339Nano).
        var keptFraction = fractionStart < 0 ? ReadOnlySpan<char>.Empty : s.Slice(fractionStart, Math.Min(fractionLength, 9)).TrimEnd('0');
        var offsetText = zeroOffset ? "Z" : s[^6..];
        if (keptFraction.Length == fractionLength && (!zeroOffset || s[^1] == 'Z')) return text;
        return keptFraction.Length > 0
            ? string.Concat(s[..SecondsEnd], ".", keptFraction, offsetText)
            : string.Concat(s[..SecondsEnd], offsetText);
    }

    public static bool IsValid(string text) => Normalize(text) is not null;

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
