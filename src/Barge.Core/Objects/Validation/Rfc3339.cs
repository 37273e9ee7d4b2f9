using System.Globalization;
using System.Text.RegularExpressions;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// RFC3339 date-time parsing with Go's <c>time.Parse(time.RFC3339, …)</c> strictness (upper-case <c>T</c>/<c>Z</c>,
/// real calendar dates, no leap seconds) and its re-serialization (<c>RFC3339Nano</c>): the offset is kept as given,
/// a zero offset prints as <c>Z</c>, and trailing zeros of the fraction are dropped. We keep the text rather than a
/// <see cref="DateTimeOffset"/> because .NET's 7-digit precision would lose Go's nanoseconds.
/// </summary>
internal static partial class Rfc3339
{
    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The normalized RFC3339 text, or null if <paramref name="text"/> is not an RFC3339 date-time.</summary>
    public static string? Normalize(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        int Num(int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

        int year = Num(1), month = Num(2), day = Num(3), hour = Num(4), minute = Num(5), second = Num(6);
        if (month is < 1 or > 12) return null;
        if (day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)) return null;
        if (hour > 23 || minute > 59 || second > 59) return null;

        var offset = "Z";
        if (!m.Groups[8].Success)
        {
            int offHours = Num(10), offMinutes = Num(11);
            if (offHours > 23 || offMinutes > 59) return null;
            if (offHours != 0 || offMinutes != 0)
                offset = m.Groups[9].Value + m.Groups[10].Value + ":" + m.Groups[11].Value;
        }

        // Go keeps nanoseconds: truncate to 9 digits, then drop trailing zeros (RFC3339Nano).
        var fraction = m.Groups[7].Success ? m.Groups[7].Value : "";
        if (fraction.Length > 9) fraction = fraction[..9];
        fraction = fraction.TrimEnd('0');

        return string.Create(CultureInfo.InvariantCulture,
            $"{m.Groups[1].Value}-{m.Groups[2].Value}-{m.Groups[3].Value}T{m.Groups[4].Value}:{m.Groups[5].Value}:{m.Groups[6].Value}{(fraction.Length > 0 ? "." + fraction : "")}{offset}");
    }

    public static bool IsValid(string text) => Normalize(text) is not null;
}
