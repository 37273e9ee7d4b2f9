using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// A parsed local beacon: <c>weaviate://localhost/&lt;Class&gt;/&lt;uuid&gt;</c>, or the deprecated class-less
/// <c>weaviate://localhost/&lt;uuid&gt;</c> (<see cref="ClassName"/> null). The id is canonical lower-case.
/// </summary>
public sealed record Beacon(string? ClassName, string Id)
{
    private const string Prefix = "weaviate://";

    public override string ToString() =>
        ClassName is null ? $"{Prefix}localhost/{Id}" : $"{Prefix}localhost/{ClassName}/{Id}";

    /// <summary>The same target with its class filled in.</summary>
    public Beacon WithClass(string className) => this with { ClassName = className };

    /// <summary>
    /// Parses a beacon. On failure <paramref name="error"/> holds Weaviate's wording (without the
    /// <c>invalid cref: </c> prefix the property validator adds). The class name gets its first letter upper-cased,
    /// as class names are stored that way.
    /// </summary>
    public static bool TryParse(string text, out Beacon? beacon, out string? error)
    {
        beacon = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"invalid reference: invalid cref URI: must start with '{Prefix}', but got '{text}'";
            return false;
        }

        var rest = text[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        if (host != "localhost")
        {
            error = "unrecognized cross-ref ref format";
            return false;
        }

        var segments = path.Split('/');
        // segments[0] is the empty string before the leading slash.
        string? className;
        string rawId;
        if (segments.Length == 2 && segments[1].Length > 0)
        {
            className = null;
            rawId = segments[1];
        }
        else if (segments.Length == 3 && segments[1].Length > 0)
        {
            className = SchemaNames.ClassNameFor(segments[1]);
            rawId = segments[2];
        }
        else
        {
            error = $"invalid reference: invalid cref URI: path must be of format '/<className>/<uuid>' or '/<uuid>', but got '{path}'";
            return false;
        }

        var id = UuidText.NormalizeStrict(rawId);
        if (id is null)
        {
            error = $"invalid reference: invalid cref URI: last path segment must be a uuid, but got '{rawId}'";
            return false;
        }

        beacon = new Beacon(className, id);
        error = null;
        return true;
    }
}
