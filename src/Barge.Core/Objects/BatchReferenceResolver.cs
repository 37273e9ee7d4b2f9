using Barge.Core.Storage;

namespace Barge.Core.Objects;

/// <summary>
/// Resolves reference targets against the store and, for a batch, against the objects of the same batch
/// that passed validation, so that one import can create objects and the references between them.
/// </summary>
public sealed class BatchReferenceResolver(IObjectStore store, string? tenant) : IReferenceResolver
{
    private readonly HashSet<(string Class, string Id)> _pending = [];

    /// <summary>Makes an object of this batch visible to later items' reference checks.</summary>
    public void AddPending(string className, string id) => _pending.Add((className, id));

    public bool Exists(string className, string id) => _pending.Contains((className, id)) || store.Exists(className, id, tenant);

    public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates)
    {
        var found = store.FindClassesOfIdAsync(id, candidates).GetAwaiter().GetResult().ToList();
        foreach (var (cls, pendingId) in _pending)
            if (pendingId == id && !found.Contains(cls) && (candidates.Count == 0 || candidates.Contains(cls))) found.Add(cls);
        return found;
    }
}
