using Barge.Core.Storage;

namespace Barge.Core.Objects;

/// <summary>
/// Resolves reference targets against the store and, for a batch, against the objects of the same batch
/// that passed validation, so that one import can create objects and the references between them. What the store
/// holds comes from <see cref="ReferenceTargets"/>, looked up once for the whole write before validation.
/// </summary>
public sealed class BatchReferenceResolver(IObjectStore store, ReferenceTargets targets, string? tenant) : IReferenceResolver
{
    private readonly HashSet<(string Class, string Id)> _pending = [];

    /// <summary>Makes an object of this batch visible to later items' reference checks.</summary>
    public void AddPending(string className, string id) => _pending.Add((className, id));

    public bool Exists(string className, string id) =>
        _pending.Contains((className, id)) || (targets.Covers(id) ? targets.Exists(className, id, tenant) : store.Exists(className, id, tenant));

    public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates)
    {
        var found = (targets.Covers(id) ? targets.ClassesOf(id) : Uncovered(id))
            .Where(cls => candidates.Count == 0 || candidates.Contains(cls)).ToList();
        foreach (var (cls, pendingId) in _pending)
            if (pendingId == id && !found.Contains(cls) && (candidates.Count == 0 || candidates.Contains(cls))) found.Add(cls);
        return found;
    }

    // Not reached by the writes of Core: each looks up every beacon its properties hold before validating them, and
    // validation reads beacons from nowhere else. Kept so that an id nobody looked up is still answered truly.
    // A blocking wait, on purpose and only here: validation is synchronous, and no write of Core gets this far.
#pragma warning disable VSTHRD002
    private IReadOnlyList<string> Uncovered(string id) => store.FindClassesOfIdAsync(id, []).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
}
