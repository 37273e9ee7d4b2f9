using Barge.Core.Objects;
using Barge.Core.Schema;

namespace Barge.Core.Batching;

/// <summary>
/// Parses the <c>from</c> and <c>to</c> URIs of a batch reference (spec §2.1), with Weaviate's error texts.
/// <c>from</c> is long-form <c>weaviate://localhost/&lt;Class&gt;/&lt;uuid&gt;/&lt;prop&gt;</c>; <c>to</c> is
/// <c>weaviate://localhost/&lt;Class&gt;/&lt;uuid&gt;</c> or the deprecated class-less <c>weaviate://localhost/&lt;uuid&gt;</c>.
/// </summary>
public static class CrossReferenceUri
{
    private const string Scheme = "weaviate://";

    public sealed record Source(string Class, string Id, string Property);
    public sealed record Target(string? Class, string Id);

    public static (Source? Source, string? Error) ParseFrom(string text)
    {
        if (!Split(text, out var host, out var path)) return (null, $"invalid cref URI: must start with '{Scheme}', but got '{text}'");
        if (host != "localhost") return (null, $"source class must always point to the local peer, but got {host}");
        // Like Go's strings.Split on the path: only the leading slash goes, so a trailing one leaves an empty segment.
        var segments = Segments(path);
        if (segments.Length != 3)
            return (null, $"invalid cref URI: must use long-form: path must be of format '/<className>/<uuid>/<propertyName>', but got '{path}'");
        if (ObjectIds.Canonical(segments[1]) is not { } id || !LooksLikeUuid(segments[1]))
            return (null, $"invalid cref URI: 2nd path segment must be uuid, but got '{segments[1]}'");
        if (segments[0].Length == 0 || !char.IsUpper(segments[0][0]))
            return (null, $"className must start with an uppercase letter, but got {segments[0]}");
        if (segments[2].Length == 0) return (null, "property cannot be empty");
        return (new Source(segments[0], id, SchemaNames.PropertyNameFor(segments[2])), null);
    }

    public static (Target? Target, string? Error) ParseTo(string text)
    {
        if (!Split(text, out var host, out var path)) return (null, $"invalid cref URI: must start with '{Scheme}', but got '{text}'");
        if (host != "localhost")
            return (null, $"importing network references in batch is not possible. Please perform a regular non-batch import for network references, got peer {host}");
        var segments = Segments(path);
        switch (segments.Length)
        {
            case 1:
                return ObjectIds.Canonical(segments[0]) is { } shortId && LooksLikeUuid(segments[0])
                    ? (new Target(null, shortId), null)
                    : (null, $"invalid cref URI: 1nd path segment must be uuid, but got '{segments[0]}'");
            case 2:
                return ObjectIds.Canonical(segments[1]) is { } id && LooksLikeUuid(segments[1])
                    ? (new Target(segments[0], id), null)
                    : (null, $"invalid cref URI: 2nd path segment must be uuid, but got '{segments[1]}'");
            default:
                return (null, $"invalid cref URI: path must be of format '<class>/<uuid>', but got '{path}'");
        }
    }

    public static string Beacon(string cls, string id) => $"{Scheme}localhost/{cls}/{id}";

    /// <summary>Splits a <c>weaviate://host/path</c> URI; false when the scheme is not <c>weaviate://</c>.</summary>
    public static bool Split(string text, out string host, out string path)
    {
        host = path = "";
        if (!text.StartsWith(Scheme, StringComparison.Ordinal)) return false;
        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        host = slash < 0 ? rest : rest[..slash];
        path = slash < 0 ? "" : rest[slash..];
        return true;
    }

    private static string[] Segments(string path) => (path.StartsWith('/') ? path[1..] : path).Split('/');

    private static bool LooksLikeUuid(string s) => s.Length is 36 or 32;
}
