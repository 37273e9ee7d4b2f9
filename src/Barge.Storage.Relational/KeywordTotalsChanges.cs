using Barge.Core.Indexing;

namespace Barge.Storage.Relational;

/// <summary>A change to one keyword total: objects (property "") or a property's holders and summed length, of a class and tenant.</summary>
public readonly record struct KeywordTotalsChange(string Class, string Tenant, string Property, long Objects, long Lengths);

/// <summary>
/// The keyword totals' changes of a write, added up per class, tenant and property before they reach the database:
/// every object counts once in its class's object count (property ""), and each of its searchable properties with a
/// value counts once with its length. Both stores keep BM25F's statistics by this one rule.
/// </summary>
public sealed class KeywordTotalsChanges
{
    private readonly Dictionary<(string Class, string Tenant, string Property), (long Objects, long Lengths)> _totals = [];

    public bool IsEmpty => _totals.Count == 0;

    /// <summary>Adds an object (+1) or takes it away (−1): the class's object count, and each property's holders and lengths.</summary>
    public void Count(string cls, string tenant, IReadOnlyList<KeywordField> fields, int sign)
    {
        Add((cls, tenant, ""), sign, 0);
        foreach (var field in fields) Add((cls, tenant, field.Property), sign, sign * (long)field.Length);
    }

    private void Add((string, string, string) key, long objects, long lengths)
    {
        var (o, l) = _totals.GetValueOrDefault(key);
        _totals[key] = (o + objects, l + lengths);
    }

    /// <summary>The changes that change something, in key order (one lock order for every writer).</summary>
    public List<KeywordTotalsChange> Changes()
    {
        var changes = new List<KeywordTotalsChange>(_totals.Count);
        foreach (var ((cls, tenant, property), (objects, lengths)) in _totals)
            if (objects != 0 || lengths != 0) changes.Add(new(cls, tenant, property, objects, lengths));
        changes.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Class, b.Class);
            if (c == 0) c = string.CompareOrdinal(a.Tenant, b.Tenant);
            return c != 0 ? c : string.CompareOrdinal(a.Property, b.Property);
        });
        return changes;
    }

    public void Clear() => _totals.Clear();
}
