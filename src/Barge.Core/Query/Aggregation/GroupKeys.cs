using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Schema;

namespace Barge.Core.Query.Aggregation;

/// <summary>
/// The groups an object falls into when grouping by a property: one per distinct value it holds (an array's elements
/// each), as <see cref="AggregateGroup.Value"/> documents the value types.
/// </summary>
internal static class GroupKeys
{
    /// <summary>Refuses properties whose values make no group key (geo coordinates, phone numbers, blobs, objects).</summary>
    public static void Check(PropertyDefinition property)
    {
        if (property.DataType.Primitive is PrimitiveType.GeoCoordinates or PrimitiveType.PhoneNumber or PrimitiveType.Blob or PrimitiveType.Object)
            throw new UserInputException(QueryMessages.CannotGroupBy(property.Name, PropertyAggregator.TypeName(property.DataType)));
    }

    public static HashSet<object> Of(PropertyDefinition property, JsonNode? value)
    {
        var keys = new HashSet<object>();
        if (value is JsonArray array)
        {
            foreach (var element in array) AddKey(property, element, keys);
        }
        else
        {
            AddKey(property, value, keys);
        }
        return keys;
    }

    private static void AddKey(PropertyDefinition property, JsonNode? value, HashSet<object> keys)
    {
        if (value is null) return;
        object? key = property.DataType.Primitive switch
        {
            PrimitiveType.Int when value.GetValueKind() == JsonValueKind.Number =>
                value.AsValue().TryGetValue<long>(out var whole) ? (object)whole : value.GetValue<double>(),
            PrimitiveType.Number when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>(),
            PrimitiveType.Boolean when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            PrimitiveType.Reference when value is JsonObject reference && reference["beacon"]?.GetValueKind() == JsonValueKind.String =>
                reference["beacon"]!.GetValue<string>(),
            _ when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
        if (key is not null) keys.Add(key);
    }

    /// <summary>Orders group values of one property: strings ordinally, numbers and booleans by value.</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (IComparable x, _) when a.GetType() == b.GetType() => x.CompareTo(b),
        // An int property may hold a value too large for a long (kept as a double): compare as numbers.
        (long or double, long or double) => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture)
            .CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)),
        _ => string.CompareOrdinal(a.GetType().Name, b.GetType().Name),
    };
}
