namespace Barge.Core.Schema;

/// <summary>
/// A property's parsed <c>dataType</c>: a primitive (possibly an array), or a cross-reference to classes.
/// The raw Weaviate spelling (<c>["text[]"]</c>, <c>["Publication"]</c>) stays on the property; this is its meaning.
/// </summary>
public sealed record DataType(PrimitiveType Primitive, bool IsArray, IReadOnlyList<string> TargetClasses)
{
    public bool IsReference => Primitive == PrimitiveType.Reference;

    /// <summary>The Weaviate name of the element type, e.g. <c>text</c> for <c>text[]</c>.</summary>
    public string BaseName => Primitive switch
    {
        PrimitiveType.Text => "text",
        PrimitiveType.Int => "int",
        PrimitiveType.Number => "number",
        PrimitiveType.Boolean => "boolean",
        PrimitiveType.Date => "date",
        PrimitiveType.Uuid => "uuid",
        PrimitiveType.GeoCoordinates => "geoCoordinates",
        PrimitiveType.PhoneNumber => "phoneNumber",
        PrimitiveType.Blob => "blob",
        PrimitiveType.Object => "object",
        _ => "cref",
    };

    public string Name => IsReference ? string.Join(",", TargetClasses) : IsArray ? BaseName + "[]" : BaseName;

    private static readonly Dictionary<string, (PrimitiveType, bool)> Primitives = new(StringComparer.Ordinal)
    {
        ["text"] = (PrimitiveType.Text, false),
        ["string"] = (PrimitiveType.Text, false),
        ["int"] = (PrimitiveType.Int, false),
        ["number"] = (PrimitiveType.Number, false),
        ["boolean"] = (PrimitiveType.Boolean, false),
        ["date"] = (PrimitiveType.Date, false),
        ["uuid"] = (PrimitiveType.Uuid, false),
        ["geoCoordinates"] = (PrimitiveType.GeoCoordinates, false),
        ["phoneNumber"] = (PrimitiveType.PhoneNumber, false),
        ["blob"] = (PrimitiveType.Blob, false),
        ["object"] = (PrimitiveType.Object, false),
        ["text[]"] = (PrimitiveType.Text, true),
        ["string[]"] = (PrimitiveType.Text, true),
        ["int[]"] = (PrimitiveType.Int, true),
        ["number[]"] = (PrimitiveType.Number, true),
        ["boolean[]"] = (PrimitiveType.Boolean, true),
        ["date[]"] = (PrimitiveType.Date, true),
        ["uuid[]"] = (PrimitiveType.Uuid, true),
        ["object[]"] = (PrimitiveType.Object, true),
    };

    /// <summary>True for a name of a primitive type, including the deprecated <c>string</c>/<c>string[]</c>.</summary>
    public static bool IsPrimitiveName(string name) => Primitives.ContainsKey(name);

    /// <summary>
    /// Interprets a dataType array that has already been validated by <see cref="SchemaValidator"/>:
    /// one primitive name, or one or more class names (a cross-reference).
    /// </summary>
    public static DataType Parse(IReadOnlyList<string> dataType)
    {
        if (dataType.Count == 1 && Primitives.TryGetValue(dataType[0], out var p))
            return new DataType(p.Item1, p.Item2, []);
        return new DataType(PrimitiveType.Reference, true, dataType.ToArray());
    }
}
