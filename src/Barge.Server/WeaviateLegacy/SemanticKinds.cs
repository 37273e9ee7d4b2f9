using Barge.Core.Schema;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// The two semantic kinds of the 0.x API (spec §9). A class made through the 0.x schema routes carries its kind in
/// <see cref="ClassDefinition.SemanticKind"/>; a class made through v1 (or auto-schema) has none and counts as
/// <c>things</c>, so every v1 object is reachable from the 0.x routes.
/// </summary>
public static class SemanticKinds
{
    public const string Things = "things";
    public const string Actions = "actions";

    public static readonly string[] All = [Things, Actions];

    public static string Of(ClassDefinition c) => c.SemanticKind ?? Things;

    /// <summary>The kind of the class named <paramref name="className"/>, <c>things</c> when unknown (v1's default).</summary>
    public static string Of(SchemaService schema, string? className) =>
        className is not null && schema.Find(className) is { } c ? Of(c) : Things;

    /// <summary><c>thing</c> or <c>action</c>: the <c>type</c> of a schema listing and the noun of error texts.</summary>
    public static string Singular(string kind) => kind[..^1];

    /// <summary>Weaviate 0.23's <c>crossref.parseKind</c> message for anything but the two kinds.</summary>
    public static string? KindError(string raw) =>
        raw is Things or Actions ? null : $"invalid kind, expected 'things' or 'actions', but got '{raw}'";

    public static IReadOnlyList<ClassDefinition> ClassesOf(SchemaService schema, string kind) =>
        schema.Classes.Where(c => Of(c) == kind).ToList();

    /// <summary>The class of that name as the 0.x API sees it: it must exist and belong to <paramref name="kind"/>.</summary>
    public static ClassDefinition? Find(SchemaService schema, string kind, string? rawName) =>
        rawName is { Length: > 0 } && schema.Find(SchemaService.ClassNameFor(rawName)) is { } c && Of(c) == kind ? c : null;
}
