using System.Globalization;

namespace Barge.Server.Hosting;

/// <summary>
/// A size in bytes as an operator writes it: a whole number of bytes, or one with a binary unit (<c>512MiB</c>,
/// <c>1GiB</c>, <c>64KiB</c>; <c>M</c>/<c>MB</c> and kin are read as the same binary units, as the runtime's own
/// memory settings do).
/// </summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("TB", 1L << 40),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40),
        ("B", 1L),
    ];

    /// <summary>The size, or null when <paramref name="text"/> is not one (or overflows a long).</summary>
    public static long? TryParse(string text)
    {
        var value = text.Trim();
        var factor = 1L;
        foreach (var (suffix, f) in Units)
        {
            if (!value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            value = value[..^suffix.Length].TrimEnd();
            factor = f;
            break;
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        try { return checked(n * factor); }
        catch (OverflowException) { return null; }
    }

    /// <summary>The size in the largest binary unit that divides it (for messages): <c>512 MiB</c>, <c>1000 bytes</c>.</summary>
    public static string Describe(long bytes) =>
        bytes != 0 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes != 0 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : $"{bytes} bytes";
}
