using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects.Validation;

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

    // Built on first use (two threads build the same thing): validation writes the name for every object. Boxed, so
    // that it is published by one reference write: a JsonEncodedText? field is several words, and a thread reading
    // it while another sets it could see "has a value" with an empty value, and write the property under "" (found by
    // the crash-recovery test: four batches validated at once on a fresh start).
    private StrongBox<JsonEncodedText>? _storedJsonName;
    /// <summary>
    /// The name as a key of the stored properties JSON, encoded once (as <see cref="NormalizedJsonWriter"/> escapes)
    /// instead of transcoded and escape-checked for every object.
    /// </summary>
    internal JsonEncodedText StoredJsonName =>
        (_storedJsonName ??= new StrongBox<JsonEncodedText>(JsonEncodedText.Encode(Name, NormalizedJsonWriter.Encoder))).Value;
}
