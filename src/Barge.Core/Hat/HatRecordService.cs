using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Access;
using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Hat;

/// <summary>
/// HAT's records over the Core engine: every write is a batch run by <see cref="BatchJournal"/> (journaled, atomic when
/// the request says so), records are validated by <see cref="ObjectPreparer"/> like any object, and link groups are
/// write commands in the same transaction as the records they join.
/// </summary>
public sealed class HatRecordService(
    IObjectStore store, IRecordLinkStore links, SchemaService schema, ObjectPreparer preparer, WriteRights rights, BatchJournal journal,
    TimeProvider clock, bool rejectDuplicates)
{
    /// <summary>One record of a save, flattened: a request record (<see cref="Link"/> null) or one of its links.</summary>
    private sealed record Flat(int Index, int? Link, HatRecordInput Input)
    {
        /// <summary>Its place in the flattened list: the journal item's index.</summary>
        public int Position { get; set; }
        public string Id { get; } = ObjectIds.New();
        public string? Class { get; set; }
        public PreparedObject? Prepared { get; set; }
        public HatDocument? Document { get; set; }
        public HatRecordError? Error { get; set; }
    }

    /// <summary>
    /// Saves records with their links. A record and its links stand or fall together; with <see cref="BatchRequest.Atomic"/>
    /// any failure fails the whole save, otherwise the failed records are left out of <see cref="HatSaveResult.Saved"/>.
    /// </summary>
    /// <exception cref="Errors.OverloadedException">The write queue is full: nothing was done (see <see cref="BatchJournal.Admit"/>).</exception>
    public async Task<HatSaveResult> SaveAsync(IReadOnlyList<HatRecordInput> inputs, BatchRequest request, CancellationToken ct)
    {
        using var batch = journal.Admit(request, inputs.Sum(r => 1 + r.Links.Count));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var flat = new List<Flat>();
        var units = new List<List<Flat>>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var unit = new List<Flat> { new(i, null, inputs[i]) };
            unit.AddRange(inputs[i].Links.Select((l, j) => new Flat(i, j, l)));
            units.Add(unit);
            for (var k = 0; k < unit.Count; k++) unit[k].Position = flat.Count + k;
            flat.AddRange(unit);
        }

        var hashes = new Dictionary<string, string>(StringComparer.Ordinal); // hash → record id, within this request
        foreach (var f in flat) f.Error = await PrepareAsync(f, now, hashes, request.User, ct).ConfigureAwait(false);
        foreach (var unit in units.Where(u => u.Any(f => f.Error is not null)))
            foreach (var f in unit.Where(f => f.Error is null))
                f.Error = new HatRecordError(f.Index, f.Link, f.Input.Endpoint, ItemErrorCode.HeldBack, "not written: a record it is linked with failed");

        var commands = new List<WriteCommand>();
        var commandItem = new List<int>();
        var valid = units.Where(u => u.All(f => f.Error is null)).ToList();
        foreach (var f in valid.SelectMany(u => u))
        {
            commands.Add(f.Prepared!.Put(PutMode.InsertNew));
            commandItem.Add(f.Position);
        }
        foreach (var unit in valid.Where(u => u.Count > 1))
        {
            commands.Add(links.Link(ObjectIds.New(), unit.Select(f => new RecordRef(f.Class!, f.Id)).ToList()));
            commandItem.Add(unit[0].Position);
        }

        var writeErrors = new ItemError?[flat.Count];
        var journaled = await batch.RunAsync(now, commands, outcomes =>
        {
            Array.Clear(writeErrors);
            for (var c = 0; outcomes is not null && c < outcomes.Count; c++)
                if (!outcomes[c].Succeeded) writeErrors[commandItem[c]] ??= outcomes[c].ItemError("write failed");
            return flat.Select((f, k) => new JournalItem(k, f.Id, f.Class, null, f.Error is { } e ? new ItemError(e.Code, e.Error) : writeErrors[k])).ToList();
        }, ct).ConfigureAwait(false);

        var errors = flat.Select((f, k) => f.Error ?? (writeErrors[k] is { } e ? new HatRecordError(f.Index, f.Link, f.Input.Endpoint, e.Code, e.Message) : null))
            .OfType<HatRecordError>().ToList();
        var failedUnits = errors.Select(e => e.Index).ToHashSet();
        var saved = request.Atomic && errors.Count > 0 ? [] : valid.Where(u => !failedUnits.Contains(u[0].Index)).Select(u =>
            Saved(u[0], u.Skip(1).Select(l => Saved(l)).ToList())).ToList();
        return new HatSaveResult(saved, errors, journaled.Run.Id);
    }

    private async Task<HatRecordError?> PrepareAsync(Flat f, long now, Dictionary<string, string> hashes, string user, CancellationToken ct)
    {
        HatRecordError Fail(ItemErrorCode code, string error, string? existing = null) => new(f.Index, f.Link, f.Input.Endpoint, code, error, existing);
        if (HatNames.FullEndpointError(f.Input.Endpoint) is { } nameError) return Fail(ItemErrorCode.InvalidValue, nameError);
        if (f.Input.Data is not { ValueKind: not JsonValueKind.Null } data) return Fail(ItemErrorCode.InvalidValue, "data is missing (any JSON value but null)");
        var document = f.Document = HatDocument.From(data);
        if (rejectDuplicates)
        {
            var existing = hashes.GetValueOrDefault(document.Hash) ?? await FindByHashAsync(document.Hash, ct).ConfigureAwait(false);
            if (existing is not null) return Fail(ItemErrorCode.Conflict, "Could not insert data - Duplicate data", existing);
            hashes[document.Hash] = f.Id;
        }
        f.Class = HatNames.ClassFor(f.Input.Endpoint);
        // Checked before the collection is made: a refused user must not create it either.
        if (rights.Refusal(user, f.Class) is { } refusal) return Fail(ItemErrorCode.Forbidden, refusal);
        await schema.EnsureAsync(f.Class, () => HatStorage.NewClass(f.Class, f.Input.Endpoint), [], ct).ConfigureAwait(false);
        var input = new ObjectInput { Class = f.Class, Id = f.Id, Properties = HatStorage.Properties(f.Input.Endpoint, document) };
        var targets = await ReferenceTargets.FindAsync(store, [input.Properties], ct).ConfigureAwait(false);
        var prepared = await preparer.PrepareAsync(input, f.Id, now, targets.Resolver(null), user, ct).ConfigureAwait(false);
        f.Prepared = prepared.Prepared;
        return prepared.Error is { } error ? Fail(error.Code, error.Message) : null;
    }

    /// <summary>A saved record as the save answers it: its data as it was written, not read back from the stored object.</summary>
    private static HatRecord Saved(Flat f, IReadOnlyList<HatRecord>? links = null) =>
        HatStorage.ToRecord(f.Input.Endpoint, f.Id, f.Document!, links);

    /// <summary>
    /// The id of a stored record with this data hash in any HAT collection. A check before the write, so two concurrent
    /// requests with the same new data can both pass: the option reports duplicates, it does not guarantee uniqueness.
    /// </summary>
    private async Task<string?> FindByHashAsync(string hash, CancellationToken ct)
    {
        foreach (var cls in schema.Classes.Where(c => HatNames.IsHatClass(c.Name) && c.FindProperty(HatStorage.Hash) is not null))
        {
            var entry = IndexEntries.For(cls, new JsonObject { [HatStorage.Hash] = hash }).First(e => e.Property.Contains(HatStorage.Hash, StringComparison.Ordinal));
            var matches = await store.FindMatchesAsync(cls.Name, null, new IndexCondition(cls.Name, entry.Property, Comparison.In, [entry.Value]), 1, ct).ConfigureAwait(false);
            if (matches.Ids.Count > 0) return matches.Ids[0];
        }
        return null;
    }

    /// <summary>A page of an endpoint's records: by creation (default) or by a field path of the data, with links on request.</summary>
    public async Task<IReadOnlyList<HatRecord>> ListAsync(string endpoint, string? orderBy, bool descending, int skip, int take, bool includeLinks, CancellationToken ct)
    {
        var cls = HatNames.ClassFor(endpoint);
        if (schema.Find(cls) is null || take == 0) return [];
        // Ties (same millisecond, equal fields) fall back to the id, which is time-ordered (UUIDv7): creation order both ways.
        SortField[] sort = orderBy is null
            ? [new SortField("_creationTimeUnix", descending), new SortField("id", descending)]
            : [new SortField(HatStorage.Data, descending, orderBy), new SortField("id", descending)];
        var page = await store.ListAsync(new ListQuery(cls, null, take, skip, null, sort), ct).ConfigureAwait(false);
        if (!includeLinks) return page.Objects.Select(o => HatStorage.ToRecord(o)).ToList();
        var linked = (await links.FindLinkedAsync(page.Objects.Select(o => o.Id).ToList(), ct).ConfigureAwait(false)).ToLookup(l => l.RecordId);
        return page.Objects.Select(o => HatStorage.ToRecord(o, linked[o.Id].Select(l => HatStorage.ToRecord(l.Linked)).ToList())).ToList();
    }

    /// <summary>The stored records these ids name, in order; null for an id no HAT record has.</summary>
    public async Task<IReadOnlyList<StoredObject?>> FindAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var hatClasses = schema.Classes.Select(c => c.Name).Where(HatNames.IsHatClass).ToList();
        var found = new List<StoredObject?>(ids.Count);
        foreach (var id in ids)
        {
            var canonical = ObjectIds.Canonical(id);
            var classes = canonical is null || hatClasses.Count == 0 ? [] : await store.FindClassesOfIdAsync(canonical, hatClasses, ct).ConfigureAwait(false);
            found.Add(classes.Count == 0 ? null : await store.GetAsync(classes[0], canonical!, null, ct).ConfigureAwait(false));
        }
        return found;
    }

    /// <summary>Deletes the records and their link memberships, all or none (the request is atomic).</summary>
    public async Task<JournaledResult> DeleteAsync(IReadOnlyList<StoredObject> records, BatchRequest request, CancellationToken ct)
    {
        DemandAll(records, request.User);
        using var batch = journal.Admit(request, records.Count);
        var commands = new List<WriteCommand>(records.Select(r => new DeleteObject(r.Class, r.Id, null)))
        {
            links.Unlink(records.Select(r => r.Id).ToList()),
        };
        return await batch.RunAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), commands, Settle(records, commands.Count - 1), ct).ConfigureAwait(false);
    }

    /// <summary>Makes the records one link group. Journaled without a collection, so that undo never deletes linked records.</summary>
    public async Task<JournaledResult> LinkAsync(IReadOnlyList<StoredObject> records, BatchRequest request, CancellationToken ct)
    {
        DemandAll(records, request.User);
        using var batch = journal.Admit(request, records.Count);
        WriteCommand[] commands = [links.Link(ObjectIds.New(), records.Select(r => new RecordRef(r.Class, r.Id)).ToList())];
        return await batch.RunAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), commands, outcomes =>
            records.Select((r, i) => new JournalItem(i, r.Id, null, null, outcomes is [{ Succeeded: false } o] ? o.ItemError("link failed") : null)).ToList(), ct).ConfigureAwait(false);
    }

    /// <summary>HAT refuses a delete or link as a whole when any record is in a namespace the user may not write.</summary>
    private void DemandAll(IReadOnlyList<StoredObject> records, string user)
    {
        foreach (var r in records) rights.Demand(user, r.Class);
    }

    /// <summary>One journal item per record; a failed command fails its record (command i is record i up to <paramref name="perRecord"/>).</summary>
    private static Func<IReadOnlyList<WriteOutcome>?, IReadOnlyList<JournalItem>> Settle(IReadOnlyList<StoredObject> records, int perRecord) => outcomes =>
        records.Select((r, i) => new JournalItem(i, r.Id, r.Class, null,
            outcomes is null ? null
            : !outcomes[i].Succeeded ? outcomes[i].ItemError($"record {r.Id} not found")
            : outcomes.Count > perRecord && !outcomes[perRecord].Succeeded ? outcomes[perRecord].ItemError("unlink failed") : null)).ToList();
}
