using Barge.Core.Errors;
using Barge.Core.Storage;

namespace Barge.Core.Schema;

/// <summary>
/// The schema as the running server sees it: an immutable snapshot swapped on every change, so that readers
/// (validation on the write path) never lock. Changes are serialized, validated against the snapshot they
/// replace, and persisted before they become visible. Rule violations throw <see cref="UserInputException"/>
/// with Weaviate's message; an unknown class on update throws <see cref="NotFoundException"/>.
/// On a store shared by several nodes (<see cref="ISchemaCoordination"/>), every change is made under the database's
/// schema lock against a fresh load, and the snapshot is reloaded when another node announces a change.
/// </summary>
public sealed class SchemaService(IObjectStore store)
{
    /// <summary>A miss reloads at most this often: a client naming an unknown class in a loop must not hammer the database.</summary>
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromMilliseconds(20);

    private readonly ISchemaCoordination? _coordination = store as ISchemaCoordination;
    private long _lastRefreshTicks;

    /// <summary>Classes in creation order plus an index by exact name.</summary>
    private sealed record Snapshot(IReadOnlyList<ClassDefinition> Ordered, IReadOnlyDictionary<string, ClassDefinition> ByName)
    {
        public static Snapshot Of(IEnumerable<ClassDefinition> classes)
        {
            var list = classes.ToList();
            return new Snapshot(list, list.ToDictionary(c => c.Name, StringComparer.Ordinal));
        }

        public Snapshot With(ClassDefinition c) => Of(ByName.ContainsKey(c.Name) ? Ordered.Select(o => o.Name == c.Name ? c : o) : [.. Ordered, c]);

        public Snapshot Without(string name) => Of(Ordered.Where(o => o.Name != name));
    }

    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private volatile Snapshot _snapshot = Snapshot.Of([]);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var loaded = await store.LoadClassesAsync(ct).ConfigureAwait(false);
        _snapshot = Snapshot.Of(loaded);
        if (_coordination is not null) _coordination.SchemaChanged += () => _ = RefreshAsync();
    }

    /// <summary>
    /// <see cref="Find"/>, but on a shared store a miss first reloads the schema: a class another node created a moment
    /// ago is found even if its announcement has not arrived yet. Used where a miss becomes an error for the client.
    /// </summary>
    public async ValueTask<ClassDefinition?> FindAsync(string name, CancellationToken ct = default)
    {
        var found = Find(name);
        if (found is not null || _coordination is null) return found;
        if (Environment.TickCount64 - Interlocked.Read(ref _lastRefreshTicks) < MissRefreshInterval.TotalMilliseconds) return null;
        await RefreshAsync(ct).ConfigureAwait(false);
        return Find(name);
    }

    /// <summary>Reloads the snapshot from the store (another node changed the schema).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _changeLock.WaitAsync(ct).ConfigureAwait(false);
        try { await ReloadAsync(ct).ConfigureAwait(false); }
        catch (Exception) when (!ct.IsCancellationRequested) { /* the next announcement or miss tries again */ }
        finally { _changeLock.Release(); }
    }

    private async Task ReloadAsync(CancellationToken ct)
    {
        _snapshot = Snapshot.Of(await store.LoadClassesAsync(ct).ConfigureAwait(false));
        Interlocked.Exchange(ref _lastRefreshTicks, Environment.TickCount64);
    }

    /// <summary>
    /// Enters a schema change: this process's lock, then (on a shared store) the database's schema lock and a fresh
    /// snapshot, so that the change is validated against what every node has committed. Dispose to leave.
    /// </summary>
    private async Task<IAsyncDisposable> EnterChangeAsync(CancellationToken ct)
    {
        await _changeLock.WaitAsync(ct).ConfigureAwait(false);
        if (_coordination is null) return new ChangeScope(_changeLock, null);
        IAsyncDisposable? shared = null;
        try
        {
            shared = await _coordination.LockSchemaAsync(ct).ConfigureAwait(false);
            await ReloadAsync(ct).ConfigureAwait(false);
            return new ChangeScope(_changeLock, shared);
        }
        catch
        {
            if (shared is not null) await shared.DisposeAsync().ConfigureAwait(false);
            _changeLock.Release();
            throw;
        }
    }

    private sealed class ChangeScope(SemaphoreSlim local, IAsyncDisposable? shared) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { if (shared is not null) await shared.DisposeAsync().ConfigureAwait(false); }
            finally { local.Release(); }
        }
    }

    /// <summary>The stored spelling of a class name given in a path or body: first letter upper-cased.</summary>
    public static string ClassNameFor(string raw) => SchemaNames.ClassNameFor(raw);

    /// <summary>All classes in creation order.</summary>
    public IReadOnlyList<ClassDefinition> Classes => _snapshot.Ordered;

    /// <summary>The class of exactly this name (no normalization: use <see cref="ClassNameFor"/> on raw input first).</summary>
    public ClassDefinition? Find(string name) => _snapshot.ByName.GetValueOrDefault(name);

    /// <summary>The class whose name equals <paramref name="name"/> ignoring case; the exact match wins.</summary>
    public ClassDefinition? FindSimilar(string name) => SchemaValidator.FindSimilar(_snapshot.Ordered, name);

    /// <summary>Creates a class from a client's input: validated, defaults filled. Returns what was stored.</summary>
    public Task<ClassDefinition> CreateClassAsync(ClassInput input, SchemaSettings settings, CancellationToken ct = default) =>
        ChangeAsync(snapshot => Valid(SchemaValidator.NewClass(input, snapshot.Ordered, settings)), ct);

    /// <summary>
    /// Creates a class built in code (legacy API, tests). Missing class-level configuration is filled with defaults;
    /// properties are trusted. Names must be unique ignoring case.
    /// </summary>
    public Task<ClassDefinition> CreateClassAsync(ClassDefinition definition, CancellationToken ct = default) =>
        ChangeAsync(snapshot =>
        {
            if (SchemaValidator.FindSimilar(snapshot.Ordered, definition.Name) is { } other)
                throw new UserInputException(other.Name == definition.Name ? $"class name {definition.Name} already exists"
                    : $"class already exists: found similar class \"{other.Name}\"");
            return SchemaDefaults.Complete(definition);
        }, ct);

    /// <summary>PUT /v1/schema/{className}: <paramref name="className"/> is normalized first. Returns the stored class.</summary>
    public Task<ClassDefinition> UpdateClassAsync(string className, ClassInput input, SchemaSettings settings, CancellationToken ct = default) =>
        ChangeAsync(snapshot =>
        {
            var current = snapshot.ByName.GetValueOrDefault(ClassNameFor(className)) ?? throw new NotFoundException($"class {className} not found");
            return Valid(ClassUpdateRules.Check(current, input, snapshot.Ordered, settings)).WithTenants(current.Tenants);
        }, ct);

    /// <summary>Adds one property to a class (normalized name). Returns the stored property; unknown classes are a 422 in Weaviate.</summary>
    public async Task<PropertyDefinition> AddPropertyAsync(string className, PropertyInput input, SchemaSettings settings, CancellationToken ct = default)
    {
        PropertyDefinition? added = null;
        await ChangeAsync(snapshot =>
        {
            var name = ClassNameFor(className);
            var current = snapshot.ByName.GetValueOrDefault(name) ?? throw new UserInputException($"class \"{name}\": not found");
            added = Valid(SchemaValidator.NewProperty(current, input, snapshot.Ordered, settings));
            return current.WithProperties([.. current.Properties, added]);
        }, ct).ConfigureAwait(false);
        return added!;
    }

    /// <summary>
    /// Replaces the class named <paramref name="className"/> (exact name) with what <paramref name="change"/> makes of
    /// it, under the change lock and against the current snapshot (the tenant registry changes this way).
    /// An unknown class throws <see cref="UserInputException"/>, as Weaviate's tenant endpoints answer 422.
    /// </summary>
    public Task<ClassDefinition> ChangeClassAsync(string className, Func<ClassDefinition, ClassDefinition> change, CancellationToken ct = default) =>
        ChangeAsync(snapshot => change(snapshot.ByName.GetValueOrDefault(className)
            ?? throw new UserInputException($"class {className} not found")), ct);

    /// <summary>Deletes a class and all its objects. Unknown classes are fine (Weaviate answers 200 either way).</summary>
    public async Task DeleteClassAsync(string name, CancellationToken ct = default)
    {
        await using var change = await EnterChangeAsync(ct).ConfigureAwait(false);
        await store.DeleteClassAsync(name, ct).ConfigureAwait(false);
        _snapshot = _snapshot.Without(name);
    }

    /// <summary>
    /// Auto-schema: creates <paramref name="className"/> when missing (with <paramref name="newClass"/>, missing
    /// configuration filled with defaults) and adds the given properties that the class does not have yet.
    /// Concurrent callers adding the same property agree.
    /// </summary>
    public async Task<ClassDefinition> EnsureAsync(string className, Func<ClassDefinition> newClass, IReadOnlyList<PropertyDefinition> properties, CancellationToken ct = default)
    {
        var current = Find(className);
        if (current is not null && properties.All(p => current.FindProperty(p.Name) is not null)) return current;
        await using var change = await EnterChangeAsync(ct).ConfigureAwait(false);
        var existing = Find(className);
        current = existing ?? SchemaDefaults.Complete(newClass());
        var missing = properties.Where(p => current.FindProperty(p.Name) is null).ToList();
        var next = missing.Count == 0 ? current : current.WithProperties([.. current.Properties, .. missing]);
        if (!ReferenceEquals(next, existing)) await PublishAsync(next, ct).ConfigureAwait(false);
        return next;
    }

    /// <summary>Runs <paramref name="change"/> against the current snapshot under the change lock and publishes its result.</summary>
    private async Task<ClassDefinition> ChangeAsync(Func<Snapshot, ClassDefinition> change, CancellationToken ct)
    {
        await using var scope = await EnterChangeAsync(ct).ConfigureAwait(false);
        var next = change(_snapshot);
        await PublishAsync(next, ct).ConfigureAwait(false);
        return next;
    }

    private static T Valid<T>(SchemaCheck<T> check) where T : class =>
        check.IsOk ? check.Value : throw new UserInputException(check.Error);

    private async Task PublishAsync(ClassDefinition definition, CancellationToken ct)
    {
        await store.SaveClassAsync(definition, ct).ConfigureAwait(false);
        _snapshot = _snapshot.With(definition);
    }
}
