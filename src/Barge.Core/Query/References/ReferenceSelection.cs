using Barge.Core.Objects;

namespace Barge.Core.Query.References;

/// <summary>
/// A reference property whose targets a search returns with each hit (gRPC Search's <c>ref_properties</c>).
/// <see cref="TargetClass"/> picks the targets of one class: required when the property may point at several classes,
/// ignored when it points at one (as Weaviate does). <see cref="Nested"/> follows the targets' own references.
/// </summary>
/// <param name="Property">The reference property of the class searched (or of the class a selection above it points at).</param>
public sealed record ReferenceSelection(string Property)
{
    public string? TargetClass { get; init; }

    /// <summary>Whether the referenced objects carry their vectors (they are left out otherwise).</summary>
    public bool IncludeVector { get; init; }

    public IReadOnlyList<ReferenceSelection> Nested { get; init; } = [];
}

/// <summary>
/// What one selection found on one object. <see cref="Stored"/> says whether the object holds the property at all
/// (Weaviate leaves the ones it does not hold out of its answer). <see cref="Targets"/> are the referenced objects in
/// the order of the stored beacons; beacons to another class than the selection's, and to objects that no longer exist,
/// are left out.
/// </summary>
public sealed record ReferenceGroup(ReferenceSelection Selection, bool Stored, IReadOnlyList<ReferencedObject> Targets);

/// <summary>A referenced object and what the nested selections found on it: one group per nested selection, in their order.</summary>
public sealed record ReferencedObject(StoredObject Object, IReadOnlyList<ReferenceGroup> References);
