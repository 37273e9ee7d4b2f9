using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Checks an object's properties against its class and returns them normalized for storage, with Weaviate 1.25's
/// rules and error texts (the values in them worded by the caller's <see cref="IValueWording"/>). Errors carry no prefix: single-object endpoints add <c>invalid object: </c>, batch does not.
/// The first failing property decides the error, as in Weaviate (one message per object).
/// </summary>
public static partial class PropertyValidator
{
    /// <summary>
    /// Validates and normalizes <paramref name="properties"/> into UTF-8 JSON: keys get a lower-case first letter,
    /// <c>null</c> values are dropped, values are converted to their stored JSON form (ints as integers, dates as
    /// RFC3339 keeping the offset, long-form beacons, …). With <paramref name="checkReferenceTargets"/> every
    /// referenced object must exist. <paramref name="maxIndexedWordBytes"/> is <see cref="ObjectOptions.MaxIndexedWordBytes"/>.
    /// </summary>
    public static PropertiesResult Normalize(ClassDefinition cls, JsonElement? properties, IReferenceResolver refs,
        bool checkReferenceTargets = true, int maxIndexedWordBytes = IndexedText.PostgresMaxWordBytes) =>
        properties is { ValueKind: JsonValueKind.Object } given
            ? Normalize(cls, new JsonSentValue(given), refs, checkReferenceTargets, maxIndexedWordBytes)
            : PropertiesResult.Ok("{}"u8.ToArray());

    /// <summary>The same for properties read through a dialect's own <see cref="ISentValue{TSelf}"/>.</summary>
    public static PropertiesResult Normalize<T>(ClassDefinition cls, T properties, IReferenceResolver refs,
        bool checkReferenceTargets = true, int maxIndexedWordBytes = IndexedText.PostgresMaxWordBytes) where T : struct, ISentValue<T>
    {
        if (properties.Kind != JsonValueKind.Object) return PropertiesResult.Ok("{}"u8.ToArray());
        if (HasDuplicateNames(properties))
        {
            // Two keys that name the same property ("title" and "Title"): every value is still checked in the order
            // sent, so the first error is the one reported; then each property is written once, where it first
            // appeared, with the last value sent for it (a later key replaces an earlier one). Rare: read as JSON.
            var given = properties.ToJson();
            var w = NormalizedJsonWriter.Begin();
            if (WriteProperties(cls, new JsonSentValue(given), w, refs, checkReferenceTargets, maxIndexedWordBytes) is { } firstError) return PropertiesResult.Fail(firstError);
            return Written(cls, new JsonSentValue(LastValuePerName(given)), refs, checkReferenceTargets, maxIndexedWordBytes);
        }
        return Written(cls, properties, refs, checkReferenceTargets, maxIndexedWordBytes);
    }

    private static PropertiesResult Written<T>(ClassDefinition cls, T properties, IReferenceResolver refs, bool checkReferenceTargets, int maxIndexedWordBytes)
        where T : struct, ISentValue<T> =>
        WriteProperties(cls, properties, NormalizedJsonWriter.Begin(), refs, checkReferenceTargets, maxIndexedWordBytes) is { } error
            ? PropertiesResult.Fail(error)
            : PropertiesResult.Ok(NormalizedJsonWriter.ToArray());

    /// <summary>The same for properties built as a tree (merges, reference changes, tests).</summary>
    public static PropertiesResult Normalize(ClassDefinition cls, JsonObject? properties, IReferenceResolver refs,
        bool checkReferenceTargets = true, int maxIndexedWordBytes = IndexedText.PostgresMaxWordBytes) =>
        Normalize(cls, JsonElements.From(properties), refs, checkReferenceTargets, maxIndexedWordBytes);

    /// <summary>Writes the properties object; the first failure ends it (the output is then dropped).</summary>
    private static ValueMessage? WriteProperties<T>(ClassDefinition cls, T properties, Utf8JsonWriter w, IReferenceResolver refs,
        bool checkReferenceTargets, int maxIndexedWordBytes) where T : struct, ISentValue<T>
    {
        w.WriteStartObject();
        var members = properties.Members();
        while (properties.NextMember(ref members, out var value))
        {
            if (value.Kind == JsonValueKind.Null) continue;
            var prop = properties.PropertyOf(cls, members);
            if (prop is null)
            {
                var name = SchemaNames.PropertyNameFor(properties.MemberName(members)); // clients may send either case
                ValueMessage unknown = $"no such prop with name '{name}' found in class '{cls.Name}' in the schema. Check your schema files for which properties in this class are available";
                return unknown.As(Errors.ItemErrorCode.UnknownProperty);
            }

            w.WritePropertyName(prop.StoredJsonName);
            var r = NormalizeValue(prop, prop.Name, cls.Name, value, w, refs, checkReferenceTargets, maxIndexedWordBytes);
            if (r.Failed) return r.Error;
        }
        w.WriteEndObject();
        return null;
    }

    private static bool HasDuplicateNames<T>(T properties) where T : struct, ISentValue<T>
    {
        // The parser refuses two equal keys, so two keys can only name one property when a key is re-cased. A key
        // that starts with a lower-case ASCII letter never is: nearly every object is checked without allocating.
        var recased = false;
        var members = properties.Members();
        while (properties.NextMember(ref members, out _))
        {
            if (properties.MemberNameStartsLowerAscii(members)) continue;
            recased = true;
            break;
        }
        if (!recased) return false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        members = properties.Members();
        while (properties.NextMember(ref members, out var value))
            if (value.Kind != JsonValueKind.Null && !seen.Add(SchemaNames.PropertyNameFor(properties.MemberName(members)))) return true;
        return false;
    }

    /// <summary>One entry per property name: at the position of its first key, with the last non-null value.</summary>
    private static JsonElement LastValuePerName(JsonElement properties)
    {
        var last = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in properties.EnumerateObject())
            if (member.Value.ValueKind != JsonValueKind.Null) last[SchemaNames.PropertyNameFor(member.Name)] = member.Value;
        var result = new JsonObject();
        foreach (var member in properties.EnumerateObject())
        {
            var name = SchemaNames.PropertyNameFor(member.Name);
            if (member.Value.ValueKind != JsonValueKind.Null && !result.ContainsKey(name)) result[name] = JsonValues.Node(last[name]);
        }
        return JsonElements.From(result)!.Value;
    }

    /// <summary>
    /// One property value. <paramref name="refs"/> is null for nested properties, where Weaviate allows no references.
    /// </summary>
    internal static ValueResult NormalizeValue<T>(PropertyDefinition prop, string name, string className, T value,
        Utf8JsonWriter w, IReferenceResolver? refs, bool checkReferenceTargets, int maxIndexedWordBytes) where T : struct, ISentValue<T>
    {
        var dt = prop.DataType;
        if (dt.IsReference)
            return refs is null
                ? ValueResult.Fail($"unrecognized data type '{dt.Name}'")
                : ReferenceValues.Normalize(value, w, prop, name, className, refs, checkReferenceTargets);

        var result = dt.IsArray
            ? dt.Primitive switch
            {
                PrimitiveType.Text => ArrayValues.Normalize(value, w, "a", TextWord(prop), ScalarValues.Text),
                PrimitiveType.Int => ArrayValues.Normalize(value, w, "an", "integer", ScalarValues.Int),
                // Weaviate words number[] failures as "integer array"; kept because clients match on the text.
                PrimitiveType.Number => ArrayValues.Normalize(value, w, "an", "integer", ScalarValues.Number),
                PrimitiveType.Boolean => ArrayValues.Normalize(value, w, "a", "boolean", ScalarValues.Boolean),
                PrimitiveType.Date => ArrayValues.Normalize(value, w, "a", "date", ScalarValues.Date),
                PrimitiveType.Uuid => ArrayValues.Normalize(value, w, "a", "uuid", ScalarValues.Uuid),
                PrimitiveType.Object => NestedObjectValues.ObjectArray(value, w, name, className, prop.NestedProperties, maxIndexedWordBytes),
                _ => ValueResult.Fail($"unrecognized data type '{dt.Name}'"),
            }
            : dt.Primitive switch
            {
                PrimitiveType.Text => ScalarValues.Text(value, w),
                PrimitiveType.Int => ScalarValues.Int(value, w),
                PrimitiveType.Number => ScalarValues.Number(value, w),
                PrimitiveType.Boolean => ScalarValues.Boolean(value, w),
                PrimitiveType.Date => ScalarValues.Date(value, w),
                PrimitiveType.Uuid => ScalarValues.Uuid(value, w),
                PrimitiveType.GeoCoordinates => GeoCoordinatesValue.Normalize(value, w),
                PrimitiveType.PhoneNumber => PhoneNumberValue.Normalize(value, w),
                PrimitiveType.Blob => ScalarValues.Blob(value, w),
                PrimitiveType.Object => NestedObjectValues.Object(value, w, name, className, prop.NestedProperties, maxIndexedWordBytes),
                _ => ValueResult.Fail($"unrecognized data type '{dt.Name}'"),
            };

        if (!result.Failed && dt.Primitive == PrimitiveType.Text && prop.IndexFilterable)
            result = IndexedText.Check(prop, value, maxIndexedWordBytes);
        if (!result.Failed || Label(prop) is not { } label) return result;
        return ValueResult.Fail($"invalid {label} property '{name}' on class '{className}': {result.Error}");
    }

    /// <summary>
    /// The type's word in "invalid X property" messages (Weaviate says "integer" for int); null for what validation
    /// does not recognize, whose message stands alone.
    /// </summary>
    private static string? Label(PropertyDefinition prop)
    {
        var dt = prop.DataType;
        var word = dt.Primitive switch
        {
            PrimitiveType.Text => TextWord(prop),
            PrimitiveType.Int => "integer",
            _ => dt.BaseName,
        };
        if (!dt.IsArray) return dt.IsReference ? null : word;
        return dt.Primitive switch
        {
            PrimitiveType.Object => "object[]",
            PrimitiveType.GeoCoordinates or PrimitiveType.PhoneNumber or PrimitiveType.Blob or PrimitiveType.Reference => null,
            _ => word + " array",
        };
    }

    /// <summary>The deprecated <c>string</c> type validates like text but keeps its own word in messages.</summary>
    private static string TextWord(PropertyDefinition prop) =>
        prop.DataTypeNames.Count > 0 && prop.DataTypeNames[0].StartsWith("string", StringComparison.Ordinal) ? "string" : "text";
}
