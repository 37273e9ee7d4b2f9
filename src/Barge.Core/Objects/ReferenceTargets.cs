using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects.Validation;
using Barge.Core.Storage;

namespace Barge.Core.Objects;

/// <summary>
/// The stored objects that the beacons of a write name, found with one asynchronous store query before the write is
/// validated (<see cref="IObjectStore.LocateAsync"/>), so that validation answers each reference check from memory
/// instead of asking the store once per reference, blocking, from inside a synchronous validator.
/// </summary>
public sealed class ReferenceTargets
{
    /// <summary>For a write whose properties name no beacon: it asks nothing.</summary>
    public static readonly ReferenceTargets None = new([]);

    private readonly Dictionary<string, List<ObjectLocation>> _found;

    private ReferenceTargets(Dictionary<string, List<ObjectLocation>> found) => _found = found;

    /// <summary>Every beacon anywhere in <paramref name="properties"/> (a <c>beacon</c> member holding a parsable beacon), looked up at once.</summary>
    public static Task<ReferenceTargets> FindAsync(IObjectStore store, IEnumerable<JsonElement?> properties, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in properties)
            if (p is { } element) Collect(new JsonSentValue(element), ids);
        return FindAsync(store, ids, ct);
    }

    /// <summary>Every beacon in the properties of <paramref name="inputs"/>, however each dialect handed them over, looked up at once.</summary>
    public static Task<ReferenceTargets> FindAsync(IObjectStore store, IEnumerable<ObjectInput> inputs, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (input.SentProperties is { } sent) sent.CollectBeaconIds(ids);
            else if (input.Properties is { } element) Collect(new JsonSentValue(element), ids);
        }
        return FindAsync(store, ids, ct);
    }

    /// <summary>As <see cref="FindAsync(IObjectStore, IEnumerable{JsonElement?}, CancellationToken)"/> for properties held as nodes.</summary>
    public static Task<ReferenceTargets> FindAsync(IObjectStore store, IEnumerable<JsonNode?> properties, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in properties) Collect(p, ids, parse: true);
        return FindAsync(store, ids, ct);
    }

    /// <summary>The objects holding <paramref name="ids"/>, looked up at once.</summary>
    public static Task<ReferenceTargets> FindAsync(IObjectStore store, IEnumerable<string> ids, CancellationToken ct) =>
        FindAsync(store, new HashSet<string>(ids, StringComparer.Ordinal), ct);

    private static async Task<ReferenceTargets> FindAsync(IObjectStore store, HashSet<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return None;
        var found = new Dictionary<string, List<ObjectLocation>>(StringComparer.Ordinal);
        foreach (var location in await store.LocateAsync(ids, ct).ConfigureAwait(false))
        {
            if (!found.TryGetValue(location.Id, out var list)) found[location.Id] = list = [];
            list.Add(location);
        }
        return new ReferenceTargets(found);
    }

    /// <summary>The reference checks of a write into <paramref name="tenant"/>, answered from these targets.</summary>
    public BatchReferenceResolver Resolver(string? tenant) => new(this, tenant);

    /// <summary>The text of every beacon member anywhere in <paramref name="properties"/>.</summary>
    internal static IEnumerable<string> BeaconsIn(JsonObject properties)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        Collect(properties, texts, parse: false);
        return texts;
    }

    internal bool Exists(string className, string id, string? tenant) =>
        _found.TryGetValue(id, out var list) && list.Exists(l => l.Class == className && l.Tenant == (string.IsNullOrEmpty(tenant) ? null : tenant));

    /// <summary>The classes holding <paramref name="id"/> in any tenant, each once, in byte order (as the store lists them).</summary>
    internal IEnumerable<string> ClassesOf(string id) =>
        _found.TryGetValue(id, out var list) ? list.Select(l => l.Class).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) : [];

    /// <summary>The id of every beacon anywhere in <paramref name="value"/> (a <c>beacon</c> member holding a parsable beacon).</summary>
    internal static void Collect<T>(T value, HashSet<string> ids) where T : struct, ISentValue<T>
    {
        switch (value.Kind)
        {
            case JsonValueKind.Object:
                var members = value.Members();
                while (value.NextMember(ref members, out var member))
                {
                    if (member.Kind == JsonValueKind.String && value.MemberName(members) == "beacon") Add(member.GetString(), ids);
                    else Collect(member, ids);
                }
                break;
            case JsonValueKind.Array:
                var items = value.Items();
                while (value.NextItem(ref items, out var item)) Collect(item, ids);
                break;
        }
    }

    /// <summary>Each beacon's id (<paramref name="parse"/>) or its whole text.</summary>
    private static void Collect(JsonNode? node, HashSet<string> ids, bool parse)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (name == "beacon" && value is JsonValue v && v.TryGetValue(out string? text))
                    {
                        if (parse) Add(text, ids);
                        else ids.Add(text);
                    }
                    else Collect(value, ids, parse);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Collect(item, ids, parse);
                break;
        }
    }

    private static void Add(string text, HashSet<string> ids)
    {
        if (Beacon.TryParse(text, out var beacon, out _)) ids.Add(beacon!.Id);
    }
}
