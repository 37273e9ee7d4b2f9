using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Server.Weaviate;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// 0.x <c>SemanticSchemaClass</c>/<c>Property</c> JSON ↔ Core. Input is rewritten into the v1 body and read by
/// <see cref="ClassWire"/>, so name rules, data types (<c>string</c> → <c>text</c>) and wire-type errors are v1's.
/// The contextionary-only members are kept where Weaviate 1.0 moved them: <c>vectorizeClassName</c>,
/// <c>vectorizePropertyName</c> (and the unused <c>keywords</c>) in <c>moduleConfig["text2vec-contextionary"]</c>;
/// <c>index</c> became <c>indexInverted</c>. Output reverses this, so a 0.x client reads back what it sent.
/// </summary>
public static class LegacyClassWire
{
    private const string Module = "text2vec-contextionary";
    private static readonly (string Name, JsonValueKind Kind)[] ClassExtras = [("vectorizeClassName", JsonValueKind.True), ("keywords", JsonValueKind.Array)];
    private static readonly (string Name, JsonValueKind Kind)[] PropertyExtras = [("vectorizePropertyName", JsonValueKind.True), ("keywords", JsonValueKind.Array)];

    public static ClassWire.Parsed<ClassInput> ReadClass(JsonNode body)
    {
        if (body is not JsonObject o) return ClassWire.ReadClass(body);
        var v1 = new JsonObject { ["class"] = o["class"]?.DeepClone(), ["description"] = o["description"]?.DeepClone() };
        var (module, error) = Extras(o, ClassExtras, "");
        if (error is not null) return new(null, error);
        if (module is not null) v1["moduleConfig"] = new JsonObject { [Module] = module };
        if (o["properties"] is JsonArray props)
        {
            var list = new JsonArray();
            for (var i = 0; i < props.Count; i++)
            {
                if (props[i] is not JsonObject p) { list.Add(props[i]?.DeepClone()); continue; }
                var (property, propertyError) = PropertyToV1(p, $"properties.{i}.");
                if (propertyError is not null) return new(null, propertyError);
                list.Add(property);
            }
            v1["properties"] = list;
        }
        else v1["properties"] = o["properties"]?.DeepClone();
        return ClassWire.ReadClass(v1);
    }

    public static ClassWire.Parsed<PropertyInput> ReadProperty(JsonNode body)
    {
        if (body is not JsonObject o) return ClassWire.ReadProperty(body);
        var (property, error) = PropertyToV1(o, "");
        return error is not null ? new(null, error) : ClassWire.ReadProperty(property!);
    }

    public static JsonObject WriteClass(ClassDefinition c)
    {
        var o = new JsonObject { ["class"] = c.Name };
        if (c.Description is not null) o["description"] = c.Description;
        CopyExtras(c.ModuleConfig, o, ClassExtras);
        o["properties"] = new JsonArray(c.Properties.Select(p => (JsonNode)WriteProperty(p)).ToArray());
        return o;
    }

    public static JsonObject WriteProperty(PropertyDefinition p)
    {
        // string was stored as text with whitespace tokenization (v1's migration); read back as the 0.x spelling.
        string[] dataType = p.DataTypeNames is ["text"] && p.Tokenization == "whitespace" ? ["string"] : [.. p.DataTypeNames];
        var o = new JsonObject { ["name"] = p.Name, ["dataType"] = new JsonArray(dataType.Select(d => (JsonNode)JsonValue.Create(d)!).ToArray()) };
        if (p.Description is not null) o["description"] = p.Description;
        o["index"] = p.IndexFilterable || p.IndexSearchable;
        CopyExtras(p.ModuleConfig, o, PropertyExtras);
        return o;
    }

    private static (JsonObject? Property, string? Error) PropertyToV1(JsonObject p, string at)
    {
        var v1 = new JsonObject
        {
            ["name"] = p["name"]?.DeepClone(), ["dataType"] = p["dataType"]?.DeepClone(), ["description"] = p["description"]?.DeepClone(),
        };
        if (p["index"] is { } index)
        {
            if (index.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                return (null, $"{at}index in body must be of type boolean: \"{ObjectWire.KindName(index)}\"");
            v1["indexInverted"] = index.DeepClone();
        }
        var (module, error) = Extras(p, PropertyExtras, at);
        if (error is not null) return (null, error);
        if (module is not null) v1["moduleConfig"] = new JsonObject { [Module] = module };
        return (v1, null);
    }

    /// <summary>The 0.x-only members present in <paramref name="o"/>, type-checked, as the module config to keep.</summary>
    private static (JsonObject? Module, string? Error) Extras(JsonObject o, (string Name, JsonValueKind Kind)[] extras, string at)
    {
        JsonObject? module = null;
        foreach (var (name, kind) in extras)
        {
            if (o[name] is not { } value) continue;
            var actual = value.GetValueKind();
            var ok = kind == JsonValueKind.True ? actual is JsonValueKind.True or JsonValueKind.False : actual == kind;
            if (!ok) return (null, $"{at}{name} in body must be of type {(kind == JsonValueKind.True ? "boolean" : "array")}: \"{ObjectWire.KindName(value)}\"");
            (module ??= [])[name] = value.DeepClone();
        }
        return (module, null);
    }

    private static void CopyExtras(JsonObject? moduleConfig, JsonObject into, (string Name, JsonValueKind Kind)[] extras)
    {
        if (moduleConfig?[Module] is not JsonObject module) return;
        foreach (var (name, _) in extras)
            if (module[name] is { } value) into[name] = value.DeepClone();
    }
}
