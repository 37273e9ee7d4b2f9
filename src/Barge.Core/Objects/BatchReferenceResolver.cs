using System.Text.Json.Nodes;
using Barge.Core.Objects.Validation;

namespace Barge.Core.Objects;

/// <summary>
/// Answers validation's reference checks from memory: from the stored objects the write's beacons name, looked up at
/// once before validation (<see cref="ReferenceTargets"/>, which makes each resolver), and from the objects of the same
/// batch that passed validation, so that one import can create objects and the references between them. It holds no
/// store, so a reference check cannot query one, blocking or not: an id the write did not look up is one no beacon of
/// it names, and is answered as not found.
/// </summary>
public sealed class BatchReferenceResolver : IReferenceResolver
{
    private readonly ReferenceTargets _targets;
    private readonly string? _tenant;
    private readonly HashSet<(string Class, string Id)> _pending = [];

    internal BatchReferenceResolver(ReferenceTargets targets, string? tenant)
    {
        _targets = targets;
        _tenant = tenant;
    }

    /// <summary>Makes an object of this batch visible to later items' reference checks.</summary>
    public void AddPending(string className, string id) => _pending.Add((className, id));

    /// <summary>
    /// Accepts the references an object already holds (a merge validates them again with the patch): they were checked
    /// when written and are stored in the long form that names their class, so they are taken as they are.
    /// </summary>
    public void AddStored(JsonObject storedProperties)
    {
        foreach (var text in ReferenceTargets.BeaconsIn(storedProperties))
            if (Beacon.TryParse(text, out var beacon, out _) && beacon!.ClassName is { } cls) _pending.Add((cls, beacon.Id));
    }

    public bool Exists(string className, string id) =>
        _pending.Contains((className, id)) || _targets.Exists(className, id, _tenant);

    public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates)
    {
        var found = _targets.ClassesOf(id).Where(cls => candidates.Count == 0 || candidates.Contains(cls)).ToList();
        foreach (var (cls, pendingId) in _pending)
            if (pendingId == id && !found.Contains(cls) && (candidates.Count == 0 || candidates.Contains(cls))) found.Add(cls);
        return found;
    }
}
