using Barge.Core.Schema;

namespace Barge.Server.GraphQL;

/// <summary>
/// The Weaviate 0.x spelling of a class's fields in GraphQL: a reference property is read under its name with the first
/// letter capitalized (<c>writesFor</c> as <c>WritesFor</c>), the object's id as <c>uuid</c>. Both spellings name the
/// same property, so a selection resolves to the property whichever dialect wrote it.
/// </summary>
internal static class LegacyFieldNames
{
    public const string Uuid = "uuid";
    public const string Certainty = "_certainty";

    /// <summary>
    /// The 0.x field of a reference property. Stored property names start lower-case, so it names no other property; for
    /// a name starting with <c>_</c> it is the property's own name.
    /// </summary>
    public static string Reference(PropertyDefinition p) => ClassTypes.Capitalized(p.Name);

    /// <summary>The property a selected field reads: the property of that name, or the reference property a 0.x field names.</summary>
    public static PropertyDefinition? PropertyOf(ClassDefinition cls, string field) =>
        cls.FindProperty(field) ?? (field.Length > 0 && char.IsUpper(field[0]) && cls.FindProperty(SchemaNames.PropertyNameFor(field)) is { DataType.IsReference: true } p
            ? p : null);
}
