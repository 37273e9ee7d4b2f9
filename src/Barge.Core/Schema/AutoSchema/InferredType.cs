namespace Barge.Core.Schema.AutoSchema;

/// <summary>A data type inferred from one JSON value: the dataType array plus, for objects, the nested properties.</summary>
internal sealed record InferredType(IReadOnlyList<string> DataTypeNames, IReadOnlyList<PropertyDefinition>? NestedProperties = null)
{
    public static InferredType Of(string name) => new([name]);

    /// <summary>The name used in "mismatched data type" messages.</summary>
    public string DisplayName => DataTypeNames.Count == 1 && !char.IsAsciiLetterUpper(DataTypeNames[0][0]) ? DataTypeNames[0] : "cref";

    /// <summary>A property with Weaviate's defaults for the type: only text is tokenized and searchable.</summary>
    public PropertyDefinition ToProperty(string name, string? description)
    {
        var isText = DataTypeNames.Count == 1 && DataTypeNames[0] is "text" or "text[]" or "string" or "string[]";
        return new PropertyDefinition
        {
            Name = name,
            DataTypeNames = DataTypeNames,
            Description = description,
            Tokenization = isText ? "word" : null,
            IndexFilterable = true,
            IndexSearchable = isText,
            NestedProperties = NestedProperties,
        };
    }
}
