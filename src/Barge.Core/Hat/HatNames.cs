using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Barge.Core.Hat;

/// <summary>
/// HAT's naming rules (the route regexes of <c>v26.routes</c>) and the Barge collection an endpoint maps to.
/// </summary>
public static partial class HatNames
{
    [GeneratedRegex("^[0-9a-z-]+$")]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex("^[0-9a-z-/]+$")]
    private static partial Regex EndpointRegex();

    /// <summary>Lower-case letters and digits in segments separated by single slashes: these map readably and injectively.</summary>
    [GeneratedRegex("^[0-9a-z]+(/[0-9a-z]+)*$")]
    private static partial Regex SimpleRegex();

    public const string ClassPrefix = "Hat_";

    public static bool IsNamespace(string ns) => NamespaceRegex().IsMatch(ns);

    public static bool IsEndpoint(string endpoint) => EndpointRegex().IsMatch(endpoint);

    /// <summary>Null when <paramref name="full"/> (<c>namespace/endpoint</c>) follows HAT's rules, else why not.</summary>
    public static string? FullEndpointError(string full)
    {
        var slash = full.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == full.Length - 1)
            return $"endpoint '{full}' must be 'namespace/endpoint'";
        if (!IsNamespace(full[..slash])) return $"namespace '{full[..slash]}' must match [0-9a-z-]+";
        if (!IsEndpoint(full[(slash + 1)..])) return $"endpoint '{full[(slash + 1)..]}' must match [0-9a-z-/]+";
        return null;
    }

    public static string NamespaceOf(string full) => full[..full.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>
    /// The collection of a valid <c>namespace/endpoint</c>. Simple names map readably (<c>rumpel/notable</c> →
    /// <c>Hat_rumpel_notable</c>); turning <c>-</c> and <c>/</c> into <c>_</c> would make <c>a-b</c> and <c>a/b</c>
    /// collide, so any other name gets <c>__</c> and a hash of the exact name, which no simple name can end in.
    /// </summary>
    public static string ClassFor(string full)
    {
        var readable = full.Replace('/', '_').Replace('-', '_');
        if (SimpleRegex().IsMatch(full)) return ClassPrefix + readable;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        return ClassPrefix + readable + "__" + hash;
    }

    public static bool IsHatClass(string className) => className.StartsWith(ClassPrefix, StringComparison.Ordinal);

    /// <summary>The most <c>_</c> a hashed name may hold for <see cref="NamespaceOfClass"/> to try every spelling.</summary>
    private const int MaxTracedSeparators = 16;

    /// <summary>
    /// The namespace whose endpoint <see cref="ClassFor"/> maps to <paramref name="className"/>; null when no valid
    /// endpoint does (or one cannot be told). A readable name gives it directly (its first segment). A hashed name's
    /// <c>_</c> each stood for <c>-</c> or <c>/</c>: the spelling whose hash matches is the endpoint it was made from.
    /// </summary>
    public static string? NamespaceOfClass(string className)
    {
        if (!IsHatClass(className)) return null;
        var rest = className[ClassPrefix.Length..];
        var hashAt = rest.LastIndexOf("__", StringComparison.Ordinal);
        if (hashAt < 0)
        {
            var full = rest.Replace('_', '/');
            return SimpleRegex().IsMatch(full) && full.Contains('/', StringComparison.Ordinal) ? NamespaceOf(full) : null;
        }
        var readable = rest[..hashAt];
        var separators = readable.Count(c => c == '_');
        if (separators == 0 || separators > MaxTracedSeparators) return null;
        var spelling = readable.ToCharArray();
        for (var choice = 0; choice < 1 << separators; choice++)
        {
            for (int i = 0, bit = 0; i < readable.Length; i++)
                if (readable[i] == '_') spelling[i] = (choice >> bit++ & 1) == 0 ? '/' : '-';
            var candidate = new string(spelling);
            if (FullEndpointError(candidate) is null && ClassFor(candidate) == className) return NamespaceOf(candidate);
        }
        return null;
    }
}
