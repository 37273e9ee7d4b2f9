using System.Text.Json.Nodes;

namespace Barge.Core.Schema;

/// <summary>A property of a class, with Weaviate's defaults already filled in.</summary>
public sealed class PropertyDefinition
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> DataTypeNames { get; init; }
    public string? Description { get; init; }
    /// <summary><c>word</c>, <c>lowercase</c>, <c>whitespace</c>, <c>field</c> or <c>trigram</c>; null for non-text types.</summary>
    public string? Tokenization { get; init; }
    public bool IndexFilterable { get; init; } = true;
    public bool IndexSearchable { get; init; }
    public JsonObject? ModuleConfig { get; init; }
    /// <summary>Only for <c>object</c> and <c>object[]</c>.</summary>
    public IReadOnlyList<PropertyDefinition>? NestedProperties { get; init; }

    private DataType? _dataType;
    public DataType DataType => _dataType ??= DataType.Parse(DataTypeNames);
}
