using System.Text.RegularExpressions;

namespace Barge.Core.Schema;

/// <summary>
/// Weaviate's naming rules for classes and properties. Names are normalized (class: first letter upper-cased,
/// property: first letter lower-cased) before they are checked, so <c>article</c> and <c>Article</c> are one class.
/// </summary>
public static partial class SchemaNames
{
    private const string PropertyPattern = "[_A-Za-z][_0-9A-Za-z]{0,230}";
    private const string NestedPattern = "[_A-Za-z][_0-9A-Za-z]*";

    [GeneratedRegex("^[A-Z][_0-9A-Za-z]{0,254}$")]
    private static partial Regex ClassRegex();

    [GeneratedRegex("^" + PropertyPattern + "$")]
    private static partial Regex PropertyRegex();

    [GeneratedRegex("^" + NestedPattern + "$")]
    private static partial Regex NestedRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TenantRegex();

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "_additional", "_id", "id" };

    /// <summary>The stored spelling of a class name: first letter upper-cased (<c>article</c> → <c>Article</c>).</summary>
    public static string ClassNameFor(string raw) =>
        raw.Length == 0 || char.IsUpper(raw[0]) ? raw : char.ToUpperInvariant(raw[0]) + raw[1..];

    /// <summary>The stored spelling of a property name: first letter lower-cased.</summary>
    public static string PropertyNameFor(string raw) =>
        raw.Length == 0 || char.IsLower(raw[0]) ? raw : char.ToLowerInvariant(raw[0]) + raw[1..];

    public static bool IsValidClassName(string name) => ClassRegex().IsMatch(name);

    /// <summary>Null when <paramref name="name"/> (already normalized) is a valid class name.</summary>
    public static string? ClassNameError(string name) =>
        IsValidClassName(name) ? null : $"'{name}' is not a valid class name";

    /// <summary>Null when <paramref name="name"/> may name a tenant (Weaviate's rule, in its words).</summary>
    public static string? TenantNameError(string name) => TenantRegex().IsMatch(name) ? null
        : $"tenant name should only contain alphanumeric characters (a-z, A-Z, 0-9), underscore (_), and hyphen (-), with a length between 1 and 64 characters: \"{name}\"";

    /// <summary>Null when <paramref name="name"/> (already normalized) may name a top-level property.</summary>
    public static string? PropertyNameError(string name)
    {
        if (!PropertyRegex().IsMatch(name))
            return $"'{name}' is not a valid property name. Property names in Weaviate are restricted to valid GraphQL names, which must be “/{PropertyPattern}/”.";
        return Reserved.Contains(name) ? $"'{name}' is a reserved property name" : null;
    }

    public static string? NestedPropertyNameError(string name) =>
        NestedRegex().IsMatch(name) ? null
            : $"'{name}' is not a valid nested property name. Nested property names in Weaviate are restricted to valid GraphQL names, which must be “/{NestedPattern}/”.";
}
