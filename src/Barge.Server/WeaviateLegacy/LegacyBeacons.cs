using Barge.Core.Batching;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// Translates 0.x beacons (kind segment, no class) to v1 beacons on input and back on output, so that the v1
/// engine stores and resolves references exactly as it does for v1 clients (spec §9, §2.1). Input errors use
/// Weaviate 0.23's <c>crossref</c> texts; the checks left after the translation are v1's own.
/// </summary>
public static class LegacyBeacons
{
    private const string Scheme = "weaviate://";

    /// <summary><c>weaviate://localhost/things/&lt;uuid&gt;</c> → the class-less v1 <c>weaviate://localhost/&lt;uuid&gt;</c>.</summary>
    public static (string? V1, string? Error) TargetToV1(string text)
    {
        if (!Split(text, out var host, out var path)) return (null, $"invalid cref URI: must start with '{Scheme}', but got '{text}'");
        var s = path.Split('/');
        if (s.Length != 3)
            return (null, $"invalid cref URI: path must be of format '/{{things,actions}}/<uuid>', but got '{path}'");
        if (!ObjectWireUuid(s[2])) return (null, $"invalid cref URI: 2nd path segment must be uuid, but got '{s[2]}'");
        if (SemanticKinds.KindError(s[1]) is { } kindError) return (null, "invalid cref URI: " + kindError);
        return ($"{Scheme}{host}/{s[2]}", null);
    }

    /// <summary>
    /// <c>weaviate://localhost/things/&lt;Class&gt;/&lt;uuid&gt;/&lt;prop&gt;</c> → v1's long form
    /// <c>weaviate://localhost/&lt;Class&gt;/&lt;uuid&gt;/&lt;prop&gt;</c>.
    /// </summary>
    public static (string? V1, string? Error) SourceToV1(string text)
    {
        if (!Split(text, out var host, out var path)) return (null, $"invalid cref URI: must start with '{Scheme}', but got '{text}'");
        var s = path.Split('/');
        if (s.Length != 5)
            return (null, $"invalid cref URI: must use long-form: path must be of format '/{{things,actions}}/<className>/<uuid>/<propertyName>', but got '{path}'");
        if (!ObjectWireUuid(s[3])) return (null, $"invalid cref URI: 2nd path segment must be uuid, but got '{s[3]}'");
        if (SemanticKinds.KindError(s[1]) is { } kindError) return (null, "invalid cref URI: " + kindError);
        if (s[2].Length == 0) return (null, "className cannot be empty");
        return ($"{Scheme}{host}/{s[2]}/{s[3]}/{s[4]}", null);
    }

    /// <summary>A v1 beacon (with or without class) in 0.x form: <c>weaviate://localhost/&lt;kind&gt;/&lt;uuid&gt;</c>.</summary>
    public static string TargetToLegacy(string v1, SchemaService schema) =>
        Beacon.TryParse(v1, out var b, out _) ? $"{Scheme}localhost/{SemanticKinds.Of(schema, b!.ClassName)}/{b.Id}" : v1;

    /// <summary>v1's canonical long-form <c>from</c> in 0.x form, with the source class's kind in front.</summary>
    public static string SourceToLegacy(string v1, SchemaService schema)
    {
        if (!Split(v1, out var host, out var path)) return v1;
        var s = path.Split('/');
        return s.Length == 4 ? $"{Scheme}{host}/{SemanticKinds.Of(schema, s[1])}{path}" : v1;
    }

    /// <summary>
    /// Rewrites every <c>{"beacon": ...}</c> of a 0.x property map to v1 form, in place. Returns the first error
    /// (the object then fails as a whole, as one bad reference fails the object in v1).
    /// </summary>
    public static string? PropertiesToV1(JsonObject properties)
    {
        foreach (var reference in References(properties))
        {
            var (v1, error) = TargetToV1((string)reference["beacon"]!);
            if (error is not null) return error;
            reference["beacon"] = v1;
        }
        return null;
    }

    /// <summary>Rewrites the stored references of <paramref name="cls"/> to 0.x form, in place; <c>href</c> on request.</summary>
    public static void PropertiesToLegacy(JsonObject properties, ClassDefinition? cls, SchemaService schema, bool withHref)
    {
        if (cls is null) return;
        foreach (var p in cls.Properties)
        {
            if (!p.DataType.IsReference || properties[p.Name] is not JsonArray refs) continue;
            foreach (var r in refs.OfType<JsonObject>())
            {
                if ((string?)r["beacon"] is not { } beacon) continue;
                var legacy = TargetToLegacy(beacon, schema);
                r["beacon"] = legacy;
                if (withHref) r["href"] = "/v1/" + legacy[(Scheme + "localhost/").Length..];
            }
        }
    }

    /// <summary>The reference objects of a property map: array elements that are objects with a string <c>beacon</c>.</summary>
    private static IEnumerable<JsonObject> References(JsonObject properties) =>
        properties.Select(kv => kv.Value).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>())
            .Where(o => o["beacon"]?.GetValueKind() == JsonValueKind.String)
            .ToList();

    private static bool Split(string text, out string host, out string path) => CrossReferenceUri.Split(text, out host, out path);

    /// <summary>strfmt's uuid check, as the 0.x parser applies it.</summary>
    private static bool ObjectWireUuid(string s) => ObjectIds.Canonical(s) is not null && Weaviate.ObjectWire.LooksLikeUuid(s);
}
