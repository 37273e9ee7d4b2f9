using Barge.Core.Errors;
using Barge.Core.Storage;

namespace Barge.Core.Schema;

/// <summary>
/// The schema as the running server sees it: an immutable snapshot swapped on every change, so that readers
/// (validation on the write path) never lock. Changes are serialized and persisted before they become visible.
/// </summary>
public sealed class SchemaService(IObjectStore store)
{
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private volatile IReadOnlyDictionary<string, ClassDefinition> _classes = new Dictionary<string, ClassDefinition>(StringComparer.Ordinal);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var loaded = await store.LoadClassesAsync(ct).ConfigureAwait(false);
        _classes = loaded.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>All classes in creation order.</summary>
    public IReadOnlyList<ClassDefinition> Classes => _classes.Values.ToList();

    public ClassDefinition? Find(string name) => _classes.GetValueOrDefault(name);

    /// <summary>Class names are stored with an upper-case first letter; lookups by a caller's spelling go through this.</summary>
    public static string ClassNameFor(string raw) => raw.Length == 0 ? raw : char.ToUpperInvariant(raw[0]) + raw[1..];

    public async Task<ClassDefinition> CreateClassAsync(ClassDefinition definition, CancellationToken ct = default)
    {
        await _changeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_classes.ContainsKey(definition.Name)) throw new UserInputException($"class name {definition.Name} already exists");
            await PublishAsync(definition, ct).ConfigureAwait(false);
            return definition;
        }
        finally { _changeLock.Release(); }
    }

    public async Task DeleteClassAsync(string name, CancellationToken ct = default)
    {
        await _changeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await store.DeleteClassAsync(name, ct).ConfigureAwait(false);
            var next = new Dictionary<string, ClassDefinition>(_classes, StringComparer.Ordinal);
            next.Remove(name);
            _classes = next;
        }
        finally { _changeLock.Release(); }
    }

    /// <summary>
    /// Auto-schema: creates <paramref name="className"/> when missing (with <paramref name="newClass"/>) and adds
    /// the given properties that the class does not have yet. Concurrent callers adding the same property agree.
    /// </summary>
    public async Task<ClassDefinition> EnsureAsync(string className, Func<ClassDefinition> newClass, IReadOnlyList<PropertyDefinition> properties, CancellationToken ct = default)
    {
        var current = Find(className);
        if (current is not null && properties.All(p => current.FindProperty(p.Name) is not null)) return current;
        await _changeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            current = Find(className) ?? newClass();
            var missing = properties.Where(p => current.FindProperty(p.Name) is null).ToList();
            var next = missing.Count == 0 && Find(className) is not null ? current : current.WithProperties([.. current.Properties, .. missing]);
            if (!ReferenceEquals(next, Find(className))) await PublishAsync(next, ct).ConfigureAwait(false);
            return next;
        }
        finally { _changeLock.Release(); }
    }

    private async Task PublishAsync(ClassDefinition definition, CancellationToken ct)
    {
        await store.SaveClassAsync(definition, ct).ConfigureAwait(false);
        var next = new Dictionary<string, ClassDefinition>(_classes, StringComparer.Ordinal) { [definition.Name] = definition };
        _classes = next;
    }
}
