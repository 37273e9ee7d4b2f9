using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Schema;

namespace Barge.Server.Weaviate;

/// <summary>
/// Weaviate v1 object JSON ↔ Core. Reading checks the wire types the way go-swagger does (framework errors,
/// code 601) before any Core validation runs; writing produces Weaviate's object shape.
/// </summary>
public static class ObjectWire
{
    /// <summary>Maps a wire object; on a wire-type error returns the framework message (e.g. <c>id in body must be of type uuid: "abc"</c>).</summary>
    public static (ObjectInput? Input, string? Error) Read(JsonNode? node, string fieldPrefix)
    {
        if (node is not JsonObject o) return (null, $"{Trim(fieldPrefix)} in body must be of type object: \"{KindName(node)}\"");
        string? cls = null, id = null, tenant = null;
        if (o["class"] is { } c)
        {
            if (c.GetValueKind() != JsonValueKind.String) return (null, $"{fieldPrefix}class in body must be of type string: \"{KindName(c)}\"");
            cls = (string)c!;
        }
        if (o["id"] is { } i)
        {
            if (i.GetValueKind() != JsonValueKind.String) return (null, $"{fieldPrefix}id in body must be of type uuid: \"{KindName(i)}\"");
            var text = (string)i!;
            if (text.Length > 0)
            {
                id = ObjectIds.Canonical(text);
                if (id is null || !LooksLikeUuid(text)) return (null, $"{fieldPrefix}id in body must be of type uuid: \"{text}\"");
            }
        }
        if (o["tenant"] is { } t)
        {
            if (t.GetValueKind() != JsonValueKind.String) return (null, $"{fieldPrefix}tenant in body must be of type string: \"{KindName(t)}\"");
            tenant = (string)t!;
        }
        JsonObject? props = null;
        if (o["properties"] is { } p)
        {
            if (p is not JsonObject po) return (null, $"{fieldPrefix}properties in body must be of type object: \"{KindName(p)}\"");
            props = po;
        }
        var vector = o["vector"];
        if (vector is not null && vector is not JsonArray) return (null, $"{fieldPrefix}vector in body must be of type array: \"{KindName(vector)}\"");
        return (new ObjectInput { Class = cls, Id = id, Tenant = tenant, Properties = props, Vector = vector }, null);
    }

    /// <summary>The object as Weaviate returns it; <paramref name="withHref"/> adds <c>href</c> to stored references.</summary>
    public static JsonObject Write(StoredObject o, ClassDefinition? cls, bool includeVector, bool withHref)
    {
        var props = (JsonObject)o.Properties.DeepClone();
        if (withHref && cls is not null) AddHrefs(props, cls);
        var json = new JsonObject
        {
            ["class"] = o.Class,
            ["creationTimeUnix"] = o.CreationTimeUnix,
            ["id"] = o.Id,
            ["lastUpdateTimeUnix"] = o.LastUpdateTimeUnix,
            ["properties"] = props,
        };
        if (o.Tenant is not null) json["tenant"] = o.Tenant;
        if (includeVector && o.Vector is not null) json["vector"] = new JsonArray(o.Vector.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        return json;
    }

    private static void AddHrefs(JsonObject props, ClassDefinition cls)
    {
        foreach (var p in cls.Properties)
        {
            if (!p.DataType.IsReference || props[p.Name] is not JsonArray refs) continue;
            foreach (var r in refs.OfType<JsonObject>())
            {
                var beacon = (string?)r["beacon"];
                if (beacon is not null && beacon.StartsWith("weaviate://localhost/", StringComparison.Ordinal))
                    r["href"] = "/v1/objects/" + beacon["weaviate://localhost/".Length..];
            }
        }
    }

    /// <summary>go-openapi's uuid format: 8-4-4-4-12 hex, optionally without dashes.</summary>
    public static bool LooksLikeUuid(string text) =>
        (text.Length == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-' && text.Replace("-", "", StringComparison.Ordinal).All(char.IsAsciiHexDigit))
        || (text.Length == 32 && text.All(char.IsAsciiHexDigit));

    public static string KindName(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static string Trim(string prefix) => prefix.Length == 0 ? "body" : prefix.TrimEnd('.');
}
