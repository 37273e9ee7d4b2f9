using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Filters;
using Barge.Core.Schema;
using Barge.Server.Weaviate.Filters;

namespace Barge.Core.Tests.Filters;

/// <summary>Small classes and helpers shared by the filter tests.</summary>
internal static class TestSchema
{
    public static PropertyDefinition Prop(string name, string type, string? tokenization = null, bool filterable = true) => new()
    {
        Name = name, DataTypeNames = [type], IndexFilterable = filterable,
        Tokenization = tokenization ?? (type.StartsWith("text", StringComparison.Ordinal) ? "word" : null),
    };

    public static ClassDefinition Article(bool timestamps = true, bool nullState = true, bool length = true) => new()
    {
        Name = "Article",
        Properties =
        [
            Prop("title", "text"), Prop("code", "text", "field"), Prop("tags", "text[]", "whitespace"), Prop("count", "int"),
            Prop("score", "number"), Prop("done", "boolean"), Prop("published", "date"), Prop("ref", "uuid"),
            Prop("location", "geoCoordinates"), Prop("author", "Author"), Prop("hidden", "text", filterable: false),
            Prop("phone", "phoneNumber"),
        ],
        InvertedIndexConfig = new JsonObject { ["indexTimestamps"] = timestamps, ["indexNullState"] = nullState, ["indexPropertyLength"] = length },
    };

    public static ClassDefinition Author() => new()
    {
        Name = "Author",
        Properties = [Prop("name", "text"), Prop("org", "Org")],
    };

    public static ClassDefinition Org() => new() { Name = "Org", Properties = [Prop("city", "text")] };

    public static ClassDefinition? Lookup(string name) => name switch
    {
        "Article" => Article(),
        "Author" => Author(),
        "Org" => Org(),
        _ => null,
    };

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static FilterNode Parse(string json)
    {
        var result = WhereFilterParser.Parse(Json(json));
        Assert.Null(result.Error);
        return result.Filter!;
    }

    /// <summary>Parse + validate; returns the validation error (null when valid) and the validated tree.</summary>
    public static (string? Error, FilterNode Validated) Validate(string json, ClassDefinition? cls = null)
    {
        var error = FilterValidator.Validate(Parse(json), cls ?? Article(), Lookup, out var validated);
        return (error, validated);
    }

    /// <summary>Validated nodes as text: records holding lists compare by reference, so tests compare this form.</summary>
    public static string Show(FilterNode node) => node switch
    {
        CompoundFilter c => $"{c.Operator}({string.Join(", ", c.Operands.Select(Show))})",
        IndexCondition i => $"idx[{i.Class}.{i.Key} {i.Comparison} {Values(i.Values)}]",
        ColumnCondition c => $"col[{c.Column} {c.Comparison} {Values(c.Values)}]",
        ReferenceCondition r => $"ref[{r.Class}.{r.ReferenceProperty}->{r.TargetClass}: {Show(r.Target)}]",
        _ => node.ToString(),
    };

    private static string Values(IReadOnlyList<object> values) => string.Join("|", values.Select(v => $"{v}:{v.GetType().Name}"));
}
