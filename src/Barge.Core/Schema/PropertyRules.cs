namespace Barge.Core.Schema;

/// <summary>
/// Validates one property as Weaviate does and turns it into a stored <see cref="PropertyDefinition"/>:
/// defaults are decided first (from what was given), then checked, then deprecated spellings are migrated
/// (<c>string</c> → <c>text</c> with <c>word</c> → <c>whitespace</c>; <c>indexInverted</c> → the two new flags).
/// </summary>
public static class PropertyRules
{
    private static readonly HashSet<string> TextTokenizations = new(StringComparer.Ordinal) { "word", "lowercase", "whitespace", "field", "trigram" };
    private static readonly HashSet<string> NestedTypes = new(StringComparer.Ordinal)
    {
        "text", "text[]", "int", "int[]", "number", "number[]", "boolean", "boolean[]",
        "date", "date[]", "uuid", "uuid[]", "blob", "object", "object[]",
    };

    /// <summary>
    /// Checks a top-level property of class <paramref name="className"/>. <paramref name="takenNames"/> holds the
    /// lower-cased names already in use (existing properties and earlier ones of the same request).
    /// <paramref name="classExists"/> answers for cross-reference targets (the class itself always counts).
    /// </summary>
    public static SchemaCheck<PropertyDefinition> Check(PropertyInput input, string className, IReadOnlySet<string> takenNames,
        Func<string, bool> classExists, SchemaSettings settings)
    {
        var name = SchemaNames.PropertyNameFor(input.Name ?? "");
        if (SchemaNames.PropertyNameError(name) is { } nameError) return Fail(nameError);
        if (takenNames.Contains(name.ToLowerInvariant()))
            return Fail($"class \"{className}\": conflict for property \"{name}\": already in use or provided multiple times");

        if (DataTypeError(input.DataType ?? [], className, classExists) is { } typeError)
            return Fail($"property '{name}': invalid dataType: {typeError}");
        var dataType = input.DataType!;
        var primitive = PrimitiveName(dataType);

        IReadOnlyList<PropertyDefinition>? nested = null;
        if (primitive is "object" or "object[]")
        {
            var check = CheckNested(input.NestedProperties, name, settings);
            if (!check.IsOk) return Fail(check.Error);
            nested = check.Value;
        }
        else if (input.NestedProperties is { Count: > 0 })
            return Fail($"property '{name}': nestedProperties not allowed for data types other than object/object[]");

        var tokenization = DefaultTokenization(input.Tokenization, primitive, settings);
        if (TokenizationError(tokenization, primitive) is { } tokenError) return Fail(tokenError);
        if (IndexingError(input, primitive) is { } indexError) return Fail(indexError);

        return SchemaCheck<PropertyDefinition>.Ok(Build(input, name, dataType, primitive, tokenization, nested));
    }

    /// <summary>The stored form: deprecated spellings migrated, index flags decided.</summary>
    private static PropertyDefinition Build(PropertyInput input, string name, IReadOnlyList<string> dataType, string? primitive,
        string? tokenization, IReadOnlyList<PropertyDefinition>? nested)
    {
        var storedType = primitive switch { "string" => ["text"], "string[]" => ["text[]"], _ => dataType.ToArray() };
        if (primitive is "string" or "string[]" && tokenization == "word") tokenization = "whitespace";
        var isText = storedType is ["text" or "text[]"];
        bool filterable, searchable;
        if (input.IndexInverted is { } inverted)
        {
            filterable = inverted;
            searchable = isText && inverted;
        }
        else
        {
            filterable = input.IndexFilterable ?? true;
            searchable = input.IndexSearchable ?? isText;
        }
        return new PropertyDefinition
        {
            Name = name,
            DataTypeNames = storedType,
            Description = input.Description,
            Tokenization = tokenization,
            IndexFilterable = filterable,
            IndexSearchable = searchable,
            ModuleConfig = input.ModuleConfig is null ? null : (System.Text.Json.Nodes.JsonObject)input.ModuleConfig.DeepClone(),
            NestedProperties = nested,
        };
    }

    private static SchemaCheck<IReadOnlyList<PropertyDefinition>> CheckNested(IReadOnlyList<PropertyInput>? inputs, string prefix, SchemaSettings settings)
    {
        if (inputs is null || inputs.Count == 0)
            return NestedFail($"property '{prefix}': At least one nested property is required for data type object/object[]");
        var result = new List<PropertyDefinition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var input in inputs)
        {
            var name = input.Name ?? "";
            if (SchemaNames.NestedPropertyNameError(name) is { } nameError) return NestedFail(nameError);
            // Barge's own check: two nested properties of one name could not both be stored.
            if (!seen.Add(name)) return NestedFail($"property '{prefix}': conflict for nested property \"{name}\": provided multiple times");
            var path = prefix + "." + name;
            if (NestedDataTypeError(input.DataType ?? []) is { } typeError)
                return NestedFail($"property '{path}': invalid dataType: {typeError}");
            var primitive = input.DataType![0];

            IReadOnlyList<PropertyDefinition>? children = null;
            if (primitive is "object" or "object[]")
            {
                var check = CheckNested(input.NestedProperties, path, settings);
                if (!check.IsOk) return check;
                children = check.Value;
            }
            else if (input.NestedProperties is { Count: > 0 })
                return NestedFail($"property '{path}': nestedProperties not allowed for data types other than object/object[]");

            var tokenization = DefaultTokenization(input.Tokenization, primitive, settings);
            if (TokenizationError(tokenization, primitive) is { } tokenError) return NestedFail(tokenError);
            if (IndexingError(input with { IndexInverted = null }, primitive) is { } indexError) return NestedFail(indexError);
            result.Add(Build(input with { IndexInverted = null }, name, input.DataType, primitive, tokenization, children));
        }
        return SchemaCheck<IReadOnlyList<PropertyDefinition>>.Ok(result);
    }

    /// <summary>The primitive name of a one-element dataType starting lower-case (<c>text</c>, <c>string[]</c>), else null (a reference).</summary>
    private static string? PrimitiveName(IReadOnlyList<string> dataType) =>
        dataType is [var only] && only.Length > 0 && char.IsLower(only[0]) ? only : null;

    private static string? DataTypeError(IReadOnlyList<string> dataType, string className, Func<string, bool> classExists)
    {
        if (dataType.Count == 0) return "dataType must have at least one element";
        if (dataType is [var only])
        {
            if (only.Length == 0) return "dataType cannot be an empty string";
            if (char.IsLower(only[0])) return DataType.IsPrimitiveName(only) ? null : $"unknown primitive data type '{only}'";
        }
        foreach (var target in dataType)
        {
            if (SchemaNames.ClassNameError(target) is { } nameError) return nameError;
            if (target != className && !classExists(target)) return "reference property to nonexistent class";
        }
        return null;
    }

    private static string? NestedDataTypeError(IReadOnlyList<string> dataType)
    {
        if (dataType.Count == 0) return "dataType must have at least one element";
        var first = dataType[0];
        if (dataType.Count == 1 && first.Length > 0 && char.IsLower(first[0]) && !DataType.IsPrimitiveName(first))
            return $"unknown primitive data type '{first}'";
        return dataType.Count == 1 && NestedTypes.Contains(first) ? null
            : $"data type '{string.Join(",", dataType)}' is not allowed for nested properties";
    }

    private static string? DefaultTokenization(string? given, string? primitive, SchemaSettings settings) =>
        !string.IsNullOrEmpty(given) ? given : primitive switch
        {
            "string" or "string[]" => "word",
            "text" or "text[]" => settings.DefaultTokenization,
            _ => null,
        };

    private static string? TokenizationError(string? tokenization, string? primitive)
    {
        switch (primitive)
        {
            case "string" or "string[]":
                return tokenization is "word" or "field" ? null : $"Tokenization '{tokenization}' is not allowed for data type '{primitive}'";
            case "text" or "text[]":
                return tokenization is not null && TextTokenizations.Contains(tokenization) ? null
                    : $"Tokenization '{tokenization}' is not allowed for data type '{primitive}'";
            case null:
                return tokenization is null ? null : "Tokenization is not allowed for reference data type";
            default:
                return tokenization is null ? null : $"Tokenization is not allowed for data type '{primitive}'";
        }
    }

    private static string? IndexingError(PropertyInput input, string? primitive)
    {
        if (input.IndexInverted is not null && (input.IndexFilterable is not null || input.IndexSearchable is not null))
            return "`indexInverted` is deprecated and can not be set together with `indexFilterable` or `indexSearchable`.";
        if (input.IndexSearchable == true && primitive is not ("string" or "string[]" or "text" or "text[]"))
            return "`indexSearchable` is allowed only for text/text[] data types. For other data types set false or leave empty";
        return null;
    }

    private static SchemaCheck<PropertyDefinition> Fail(string error) => SchemaCheck<PropertyDefinition>.Fail(error);
    private static SchemaCheck<IReadOnlyList<PropertyDefinition>> NestedFail(string error) => SchemaCheck<IReadOnlyList<PropertyDefinition>>.Fail(error);
}
