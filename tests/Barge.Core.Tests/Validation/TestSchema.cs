using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;

namespace Barge.Core.Tests.Validation;

/// <summary>A class with one property of every data type, and helpers to validate a single value.</summary>
internal static class TestSchema
{
    public const string PubId = "9b0f7d1e-1c44-4d65-a1d0-3f2b0a9c1e20";
    public const string PersonId = "11111111-2222-4333-8444-555555555555";
    public const string SharedId = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    public static PropertyDefinition Prop(string name, string dataType, params PropertyDefinition[] nested) => new()
    {
        Name = name,
        DataTypeNames = [dataType],
        NestedProperties = nested.Length == 0 ? null : nested,
    };

    public static readonly ClassDefinition Article = new()
    {
        Name = "Article",
        Properties =
        [
            Prop("title", "text"), Prop("legacy", "string"), Prop("legacyList", "string[]"),
            Prop("count", "int"), Prop("price", "number"), Prop("done", "boolean"), Prop("published", "date"),
            Prop("ref", "uuid"), Prop("where", "geoCoordinates"), Prop("phone", "phoneNumber"), Prop("image", "blob"),
            Prop("tags", "text[]"), Prop("counts", "int[]"), Prop("scores", "number[]"), Prop("flags", "boolean[]"),
            Prop("dates", "date[]"), Prop("ids", "uuid[]"),
            Prop("meta", "object", Prop("name", "text"), Prop("size", "int"), Prop("inner", "object", Prop("x", "number"))),
            Prop("items", "object[]", Prop("a", "text"), Prop("b", "int[]")),
            new PropertyDefinition { Name = "writesFor", DataTypeNames = ["Publication"] },
            new PropertyDefinition { Name = "mentions", DataTypeNames = ["Person", "Publication"] },
        ],
    };

    public static FakeReferenceResolver Refs() => new FakeReferenceResolver()
        .Add("Publication", PubId).Add("Person", PersonId).Add("Person", SharedId).Add("Publication", SharedId);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON without escaping <c>+</c> and friends, so expectations stay readable.</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    /// <summary>A validation message's text as every dialect answers it (Weaviate's wording, which the host registers).</summary>
    public static string? Text(this ValueMessage? message) => message?.Render(Barge.Server.Weaviate.GoValueWording.Instance);

    public static PropertiesResult Run(string json, IReferenceResolver? refs = null, bool checkTargets = true) =>
        PropertyValidator.Normalize(Article, JsonNode.Parse(json)!.AsObject(), refs ?? Refs(), checkTargets);

    /// <summary>Validates <c>{"prop": value}</c> and returns the stored value as JSON, or the error.</summary>
    public static (string? Value, string? Error) One(string prop, string valueJson, IReferenceResolver? refs = null)
    {
        var r = Run($"{{\"{prop}\": {valueJson}}}", refs);
        Assert.True((r.Properties is null) != (r.Error is null), "exactly one of Properties/Error must be set");
        return (r.Properties is null ? null : Json(r.Properties[prop]), r.Error.Text());
    }

    public static string Ok(string prop, string valueJson, IReferenceResolver? refs = null)
    {
        var (value, error) = One(prop, valueJson, refs);
        Assert.Null(error);
        return value!;
    }

    public static string Err(string prop, string valueJson, IReferenceResolver? refs = null)
    {
        var (_, error) = One(prop, valueJson, refs);
        Assert.NotNull(error);
        return error!;
    }
}
