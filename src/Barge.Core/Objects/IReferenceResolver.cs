namespace Barge.Core.Objects;

/// <summary>
/// What validation needs to know about other stored objects: whether a reference target exists, and,
/// for class-less beacons, which class an id belongs to. Implemented over the store by the object service.
/// </summary>
public interface IReferenceResolver
{
    bool Exists(string className, string id);

    /// <summary>The classes among <paramref name="candidates"/> (all classes when empty) that hold an object with this id.</summary>
    IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates);
}
