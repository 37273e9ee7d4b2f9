using Barge.Core.Objects;

namespace Barge.Core.Tests.Validation;

/// <summary>An in-memory set of (class, id) pairs standing in for the store.</summary>
internal sealed class FakeReferenceResolver : IReferenceResolver
{
    private readonly List<(string Class, string Id)> _objects = [];

    public FakeReferenceResolver Add(string className, string id)
    {
        _objects.Add((className, id));
        return this;
    }

    public bool Exists(string className, string id) => _objects.Contains((className, id));

    public IReadOnlyList<string> ClassesOf(string id, IReadOnlyList<string> candidates) =>
        _objects.Where(o => o.Id == id && (candidates.Count == 0 || candidates.Contains(o.Class)))
            .Select(o => o.Class).Distinct().ToList();
}
