using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Checks an object's properties against its class and returns them normalized for storage, with Weaviate 1.25's
/// rules and error texts. Errors carry no prefix: single-object endpoints add <c>invalid object: </c>, batch does not.
/// The first failing property decides the error, as in Weaviate (one message per object).
/// </summary>
public static partial class PropertyValidator
{
    /// <summary>
    /// Validates and normalizes <paramref name="properties"/>: keys get a lower-case first letter, <c>null</c> values
    /// are dropped, values are converted to their stored JSON form (ints as integers, dates as RFC3339 keeping the
    /// offset, long-form beacons, …). With <paramref name="checkReferenceTargets"/> every referenced object must exist.
    /// </summary>
    public static PropertiesResult Normalize(ClassDefinition cls, JsonObject? properties, IReferenceResolver refs,
        bool checkReferenceTargets = true)
    {
        var result = new JsonObject();
        if (properties is null) return PropertiesResult.Ok(result);

        foreach (var (key, value) in properties)
        {
            if (value is null) continue;
            var name = SchemaNames.PropertyNameFor(key); // clients may send either case
            var prop = cls.FindProperty(name);
            if (prop is null)
                return PropertiesResult.Fail(
                    $"no such prop with name '{name}' found in class '{cls.Name}' in the schema. Check your schema files for which properties in this class are available");

            var r = NormalizeValue(prop, name, cls.Name, value, refs, checkReferenceTargets);
            if (r.Failed) return PropertiesResult.Fail(r.Error!);
            result[name] = r.Value;
        }
        return PropertiesResult.Ok(result);
    }

    /// <summary>
    /// One property value. <paramref name="refs"/> is null for nested properties, where Weaviate allows no references.
    /// </summary>
    internal static ValueResult NormalizeValue(PropertyDefinition prop, string name, string className, JsonNode value,
        IReferenceResolver? refs, bool checkReferenceTargets)
    {
        var dt = prop.DataType;
        if (dt.IsReference)
            return refs is null
                ? ValueResult.Fail($"unrecognized data type '{dt.Name}'")
                : ReferenceValues.Normalize(value, prop, name, className, refs, checkReferenceTargets);

        // The deprecated `string` type validates like text but keeps its own word in messages.
        var textWord = prop.DataTypeNames.Count > 0 && prop.DataTypeNames[0].StartsWith("string", StringComparison.Ordinal)
            ? "string" : "text";

        var (label, result) = dt.IsArray
            ? dt.Primitive switch
            {
                PrimitiveType.Text => ($"{textWord} array", ArrayValues.Normalize(value, "a", textWord, ScalarValues.Text)),
                PrimitiveType.Int => ("integer array", ArrayValues.Normalize(value, "an", "integer", ScalarValues.Int)),
                // Weaviate words number[] failures as "integer array"; kept because clients match on the text.
                PrimitiveType.Number => ("number array", ArrayValues.Normalize(value, "an", "integer", ScalarValues.Number)),
                PrimitiveType.Boolean => ("boolean array", ArrayValues.Normalize(value, "a", "boolean", ScalarValues.Boolean)),
                PrimitiveType.Date => ("date array", ArrayValues.Normalize(value, "a", "date", ScalarValues.Date)),
                PrimitiveType.Uuid => ("uuid array", ArrayValues.Normalize(value, "a", "uuid", ScalarValues.Uuid)),
                PrimitiveType.Object => ("object[]", NestedObjectValues.ObjectArray(value, name, className, prop.NestedProperties)),
                _ => ("", ValueResult.Fail($"unrecognized data type '{dt.Name}'")),
            }
            : dt.Primitive switch
            {
                PrimitiveType.Text => (textWord, ScalarValues.Text(value)),
                PrimitiveType.Int => ("integer", ScalarValues.Int(value)),
                PrimitiveType.Number => ("number", ScalarValues.Number(value)),
                PrimitiveType.Boolean => ("boolean", ScalarValues.Boolean(value)),
                PrimitiveType.Date => ("date", ScalarValues.Date(value)),
                PrimitiveType.Uuid => ("uuid", ScalarValues.Uuid(value)),
                PrimitiveType.GeoCoordinates => ("geoCoordinates", GeoCoordinatesValue.Normalize(value)),
                PrimitiveType.PhoneNumber => ("phoneNumber", PhoneNumberValue.Normalize(value)),
                PrimitiveType.Blob => ("blob", ScalarValues.Blob(value)),
                PrimitiveType.Object => ("object", NestedObjectValues.Object(value, name, className, prop.NestedProperties)),
                _ => ("", ValueResult.Fail($"unrecognized data type '{dt.Name}'")),
            };

        if (!result.Failed || label.Length == 0) return result;
        return ValueResult.Fail($"invalid {label} property '{name}' on class '{className}': {result.Error}");
    }
}
