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
    /// <remarks>
    /// Read from the parsed element, not a tree: a batch of a thousand objects would otherwise build a dictionary and
    /// a node per member of every object before validation even starts. A member sent as JSON null counts as absent.
    /// </remarks>
    public static (ObjectInput? Input, string? Error) Read(JsonElement o, string fieldPrefix)
    {
        if (o.ValueKind != JsonValueKind.Object) return (null, $"{Trim(fieldPrefix)} in body must be of type object: \"{KindName(o.ValueKind)}\"");
        if (ReadClassAndId(o, fieldPrefix, out var cls, out var id) is { } identityError) return (null, identityError);
        string? tenant = null;
        if (Member(o, "tenant") is { } t)
        {
            if (t.ValueKind != JsonValueKind.String) return (null, $"{fieldPrefix}tenant in body must be of type string: \"{KindName(t.ValueKind)}\"");
            tenant = t.GetString();
        }
        var props = Member(o, "properties");
        if (props is { ValueKind: not JsonValueKind.Object } p) return (null, $"{fieldPrefix}properties in body must be of type object: \"{KindName(p.ValueKind)}\"");
        var vector = Member(o, "vector");
        if (vector is { ValueKind: not JsonValueKind.Array } v) return (null, $"{fieldPrefix}vector in body must be of type array: \"{KindName(v.ValueKind)}\"");
        return (new ObjectInput { Class = cls, Id = id, Tenant = tenant, Properties = props, Vector = vector }, null);
    }

    /// <summary>
    /// The class and (canonical) id of a wire object <paramref name="o"/>, checked as <see cref="Read(JsonElement, string)"/>
    /// checks them; the framework error, or null. For a dialect whose objects say only these two of v1's members.
    /// </summary>
    public static string? ReadClassAndId(JsonElement o, string fieldPrefix, out string? cls, out string? id)
    {
        cls = null;
        id = null;
        if (Member(o, "class") is { } c)
        {
            if (c.ValueKind != JsonValueKind.String) return $"{fieldPrefix}class in body must be of type string: \"{KindName(c.ValueKind)}\"";
            cls = c.GetString();
        }
        if (Member(o, "id") is { } i)
        {
            if (i.ValueKind != JsonValueKind.String) return $"{fieldPrefix}id in body must be of type uuid: \"{KindName(i.ValueKind)}\"";
            var text = i.GetString()!;
            if (text.Length > 0)
            {
                id = ObjectIds.Canonical(text);
                if (id is null || !LooksLikeUuid(text)) return $"{fieldPrefix}id in body must be of type uuid: \"{text}\"";
            }
        }
        return null;
    }

    /// <summary>The same for an object a dialect rebuilt as a tree.</summary>
    public static (ObjectInput? Input, string? Error) Read(JsonNode? node, string fieldPrefix) =>
        node is null
            ? (null, $"{Trim(fieldPrefix)} in body must be of type object: \"null\"")
            : Read(JsonElements.From(node)!.Value, fieldPrefix);

    /// <summary>A member of a wire object; absent or JSON null is null, as a tree would have it.</summary>
    public static JsonElement? Member(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

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

    public static string KindName(JsonNode? node) => KindName(node?.GetValueKind() ?? JsonValueKind.Null);

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static string Trim(string prefix) => prefix.Length == 0 ? "body" : prefix.TrimEnd('.');
}
