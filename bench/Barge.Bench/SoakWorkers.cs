using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Barge.Server.Grpc.Protocol;

namespace Barge.Bench;

/// <summary>A set of objects written only to be removed by a delete-by-query on its marker tag.</summary>
public sealed record DoomedSet(string Marker, IReadOnlyList<Guid> Ids);

/// <summary>A REST batch (its <c>X-Batch-Id</c>) written only to be undone.</summary>
public sealed record UndoableBatch(string BatchId, IReadOnlyList<Guid> Ids);

/// <summary>
/// The soak's concurrent clients. Each owns the ids it writes, so the ledger knows what each object must be at the end:
/// importers over REST and gRPC (paced to a rate of objects per second), a deleter that removes marked sets by query,
/// an undoer, a mutator of single objects, a reader of acknowledged objects and a querier.
/// </summary>
/// <param name="maxKept">Once this many imported objects stay, batches that would stay are marked for deletion instead,
/// so that the store stops growing and the second half of the run shows memory over a store of constant size.</param>
public sealed class SoakWorkers(SoakClient client, SoakLedger ledger, DateTime until, double objectsPerSecond, int maxKept)
{
    public const int BatchSize = 100;
    private const long GrpcFirst = 1_000_000_000;
    private const long MutatorFirst = 2_000_000_000;
    public const int MutatorSlots = 500;

    private readonly Channel<DoomedSet> _doomed = Channel.CreateUnbounded<DoomedSet>();
    private readonly Channel<UndoableBatch> _undoable = Channel.CreateUnbounded<UndoableBatch>();

    // The mutator's slots: the version last acknowledged and whether the object is there (null: unknown, not checked).
    private readonly int[] _version = new int[MutatorSlots];
    // The version whose title the object carries: a PATCH changes only wordCount.
    private readonly int[] _titleVersion = new int[MutatorSlots];
    private readonly bool?[] _present = Enumerable.Repeat<bool?>(false, MutatorSlots).ToArray();

    private bool Running => DateTime.UtcNow < until;

    public Task[] Start() =>
    [
        Task.Run(RestImporterAsync), Task.Run(GrpcImporterAsync), Task.Run(DeleterAsync), Task.Run(UndoerAsync),
        Task.Run(MutatorAsync), Task.Run(ReaderAsync), Task.Run(QuerierAsync),
    ];

    /// <summary>
    /// REST batches of client-id articles with an <c>X-Batch-Id</c>; of every four batches two stay, one is undone later
    /// and one carries a marker tag and is deleted by query later.
    /// </summary>
    private async Task RestImporterAsync()
    {
        var clock = Stopwatch.StartNew();
        for (long b = 0; Running; b++)
        {
            await PaceAsync(clock, b);
            var kind = b % 4;
            if (kind < 2 && ledger.StableCount >= maxKept) kind = 3;
            var marker = kind == 3 ? $"doomedr{b}" : null;
            var first = b * BatchSize;
            var batchId = $"soak-rest-{b}";
            var answer = await client.SendAsync("REST batch import", HttpMethod.Post, "/v1/batch/objects", RestBatch(first, marker), batchId);
            var ids = Numbers(first).Select(Articles.ClientId).ToList();
            if (answer is not { Status: HttpStatusCode.OK } a)
            {
                if (answer is not null) client.Tally.Violation($"REST batch {b}: {(int)answer.Value.Status} {answer.Value.Body}");
                foreach (var id in ids) ledger.Set(id, Expected.Unknown);
                continue;
            }
            var acked = AckedIds(a.Body, b);
            foreach (var id in ids) ledger.Set(id, acked.Contains(id) ? Expected.Present : Expected.Gone);
            var ackedList = ids.Where(acked.Contains).ToList();
            if (kind == 2) await _undoable.Writer.WriteAsync(new UndoableBatch(batchId, ackedList));
            else if (kind == 3) await _doomed.Writer.WriteAsync(new DoomedSet(marker!, ackedList));
            else ledger.AddStable(Numbers(first).Where(n => acked.Contains(Articles.ClientId(n))));
        }
        _undoable.Writer.TryComplete();
    }

    /// <summary>gRPC <c>BatchObjects</c> of client-id articles; of every three batches two stay and one is deleted by query.</summary>
    private async Task GrpcImporterAsync()
    {
        var clock = Stopwatch.StartNew();
        for (long b = 0; Running; b++)
        {
            await PaceAsync(clock, b);
            var marker = b % 3 == 2 || ledger.StableCount >= maxKept ? $"doomedg{b}" : null;
            var first = GrpcFirst + b * BatchSize;
            var ids = Numbers(first).Select(Articles.ClientId).ToList();
            var reply = await client.CallAsync("gRPC BatchObjects", SoakClient.BatchObjects, GrpcBatch(first, marker));
            if (reply is null)
            {
                foreach (var id in ids) ledger.Set(id, Expected.Unknown);
                continue;
            }
            var failed = BatchObjectsReply.Parser.ParseFrom(reply).Errors;
            foreach (var e in failed) client.Tally.Violation($"gRPC batch {b}: object {e.Index} failed: {e.Error}");
            var failedIndexes = failed.Select(e => e.Index).ToHashSet();
            var acked = ids.Where((_, k) => !failedIndexes.Contains(k)).ToList();
            foreach (var (id, k) in ids.Select((id, k) => (id, k))) ledger.Set(id, failedIndexes.Contains(k) ? Expected.Gone : Expected.Present);
            if (marker is not null) await _doomed.Writer.WriteAsync(new DoomedSet(marker, acked));
            else ledger.AddStable(Numbers(first).Where((_, k) => !failedIndexes.Contains(k)));
        }
    }

    /// <summary>Deletes each marked set with one delete-by-query on its marker, REST and gRPC <c>BatchDelete</c> in turn.</summary>
    private async Task DeleterAsync()
    {
        var n = 0;
        while (Running)
        {
            DoomedSet set;
            try { set = await _doomed.Reader.ReadAsync().AsTask().WaitAsync(until - DateTime.UtcNow); }
            catch (TimeoutException) { break; }
            long? matched, deleted;
            if (n++ % 2 == 0)
            {
                var body = $$$"""{"match":{"class":"{{{Articles.ClassName}}}","where":{"operator":"Equal","path":["tags"],"valueText":"{{{set.Marker}}}"}},"output":"minimal"}""";
                var answer = await client.SendAsync("REST delete-by-query", HttpMethod.Delete, "/v1/batch/objects", body);
                (matched, deleted) = answer is { Status: HttpStatusCode.OK } a ? DeleteCounts(a.Body) : (null, null);
            }
            else
            {
                var request = new BatchDeleteRequest { Collection = Articles.ClassName, Filters = TagEquals(set.Marker) };
                var reply = await client.CallAsync("gRPC BatchDelete", SoakClient.BatchDelete, Google.Protobuf.MessageExtensions.ToByteArray(request));
                var parsed = reply is null ? null : BatchDeleteReply.Parser.ParseFrom(reply);
                (matched, deleted) = (parsed?.Matches, parsed?.Successful);
            }
            if (matched == set.Ids.Count && deleted == set.Ids.Count)
                foreach (var id in set.Ids) ledger.Set(id, Expected.Gone);
            else
            {
                client.Tally.Violation($"delete-by-query {set.Marker}: {set.Ids.Count} acknowledged, matched {matched?.ToString(CultureInfo.InvariantCulture) ?? "?"}, deleted {deleted?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
                foreach (var id in set.Ids) ledger.Set(id, Expected.Unknown);
            }
        }
    }

    /// <summary>Undoes each undoable batch (<c>POST /api/batch/v1/{id}/undo</c>): all its objects must be deleted, none skipped.</summary>
    private async Task UndoerAsync()
    {
        while (Running)
        {
            UndoableBatch batch;
            try { batch = await _undoable.Reader.ReadAsync().AsTask().WaitAsync(until - DateTime.UtcNow); }
            catch (Exception ex) when (ex is TimeoutException or ChannelClosedException) { break; }
            var answer = await client.SendAsync("REST undo", HttpMethod.Post, $"/api/batch/v1/{batch.BatchId}/undo");
            int? deleted = null, skipped = null;
            if (answer is { Status: HttpStatusCode.OK } a)
            {
                using var doc = JsonDocument.Parse(a.Body);
                deleted = doc.RootElement.GetProperty("deleted").GetArrayLength();
                skipped = doc.RootElement.GetProperty("skipped").GetArrayLength();
            }
            if (deleted == batch.Ids.Count && skipped == 0)
                foreach (var id in batch.Ids) ledger.Set(id, Expected.Gone);
            else
            {
                client.Tally.Violation($"undo {batch.BatchId}: {batch.Ids.Count} acknowledged, deleted {deleted?.ToString(CultureInfo.InvariantCulture) ?? "?"}, skipped {skipped?.ToString(CultureInfo.InvariantCulture) ?? "?"} ({answer?.Status})");
                foreach (var id in batch.Ids) ledger.Set(id, Expected.Unknown);
            }
        }
    }

    /// <summary>
    /// Single-object writes on its own slots: an absent slot is created (<c>POST /v1/objects</c>), a present one is
    /// replaced (PUT), merged (PATCH, a new <c>wordCount</c>) or deleted, each write a new version.
    /// </summary>
    private async Task MutatorAsync()
    {
        var rng = new Random(7);
        while (Running)
        {
            var slot = rng.Next(MutatorSlots);
            if (_present[slot] is not { } present) continue;
            var id = SoakClient.Id(MutatorId(slot));
            var version = _version[slot] + 1;
            var pick = rng.NextDouble();
            (string Op, HttpMethod Method, string Path, string? Body, HttpStatusCode Ok, bool After) step = !present
                ? ("POST object", HttpMethod.Post, "/v1/objects", MutatorObject(slot, version, withId: true), HttpStatusCode.OK, true)
                : pick < 0.4 ? ("PUT object", HttpMethod.Put, $"/v1/objects/{Articles.ClassName}/{id}", MutatorObject(slot, version, withId: true), HttpStatusCode.OK, true)
                : pick < 0.8 ? ("PATCH object", HttpMethod.Patch, $"/v1/objects/{Articles.ClassName}/{id}",
                    $$$"""{"class":"{{{Articles.ClassName}}}","properties":{"wordCount":{{{version}}}}}""", HttpStatusCode.NoContent, true)
                : ("DELETE object", HttpMethod.Delete, $"/v1/objects/{Articles.ClassName}/{id}", null, HttpStatusCode.NoContent, false);
            var answer = await client.SendAsync(step.Op, step.Method, step.Path, step.Body);
            if (answer?.Status == step.Ok)
            {
                _present[slot] = step.After;
                _version[slot] = version;
                if (step.Method != HttpMethod.Patch) _titleVersion[slot] = version;
            }
            else
            {
                if (answer is not null) client.Tally.Violation($"{step.Op} slot {slot}: {(int)answer.Value.Status} {answer.Value.Body}");
                _present[slot] = null;
            }
        }
        for (var slot = 0; slot < MutatorSlots; slot++)
            ledger.Set(MutatorId(slot), _present[slot] switch { true => Expected.Present, false => Expected.Gone, null => Expected.Unknown });
    }

    /// <summary>Reads acknowledged objects that stay by id; each must be there with its title.</summary>
    private async Task ReaderAsync()
    {
        var rng = new Random(11);
        while (Running)
        {
            if (ledger.RandomStable(rng) is not { } n)
            {
                await Task.Delay(100);
                continue;
            }
            var answer = await client.SendAsync("GET object by id", HttpMethod.Get, $"/v1/objects/{Articles.ClassName}/{SoakClient.Id(Articles.ClientId(n))}");
            if (answer is null) continue;
            if (answer.Value.Status != HttpStatusCode.OK) client.Tally.Violation($"read of acknowledged article {n}: {(int)answer.Value.Status}");
            else if (Title(answer.Value.Body) != Articles.Values(n).Title) client.Tally.Violation($"read of article {n}: wrong title {Title(answer.Value.Body)}");
        }
    }

    /// <summary>Filtered gRPC Search, GraphQL Get, gRPC Aggregate count and GraphQL Aggregate in turn.</summary>
    private async Task QuerierAsync()
    {
        var rng = new Random(13);
        string[] words = ["data", "river", "market", "energy", "garden", "winter"];
        for (var q = 0; Running; q++)
        {
            var tag = $"tag{rng.Next(50):D2}";
            switch (q % 4)
            {
                case 0:
                    var search = new SearchRequest
                    {
                        Collection = Articles.ClassName, Uses127Api = true, Limit = 50, Filters = TagEquals(tag),
                        Metadata = new MetadataRequest { Uuid = true },
                    };
                    if (await client.CallAsync("gRPC Search", SoakClient.Search, Google.Protobuf.MessageExtensions.ToByteArray(search)) is { } s)
                        _ = SearchReply.Parser.ParseFrom(s);
                    break;
                case 1:
                    await GraphQLAsync("GraphQL Get",
                        $$"""{ Get { {{Articles.ClassName}}(where: {operator: Equal, path: ["body"], valueText: "{{words[rng.Next(words.Length)]}}"}, limit: 20) { title wordCount _additional { id } } } }""");
                    break;
                case 2:
                    var aggregate = new AggregateRequest
                    {
                        Collection = Articles.ClassName, ObjectsCount = true,
                        Filters = new Filters { Operator = Filters.Types.Operator.GreaterThanEqual, Target = new FilterTarget { Property = "wordCount" }, ValueInt = 40 + rng.Next(10) },
                    };
                    if (await client.CallAsync("gRPC Aggregate", SoakClient.Aggregate, Google.Protobuf.MessageExtensions.ToByteArray(aggregate)) is { } r)
                        _ = AggregateReply.Parser.ParseFrom(r);
                    break;
                default:
                    await GraphQLAsync("GraphQL Aggregate", $$"""{ Aggregate { {{Articles.ClassName}}(where: {operator: Equal, path: ["tags"], valueText: "{{tag}}"}) { meta { count } } } }""");
                    break;
            }
        }
    }

    private async Task GraphQLAsync(string op, string query)
    {
        var answer = await client.SendAsync(op, HttpMethod.Post, "/v1/graphql", JsonSerializer.Serialize(new { query }));
        if (answer is not { } a) return;
        if (a.Status != HttpStatusCode.OK) client.Tally.Violation($"{op}: {(int)a.Status} {a.Body}");
        else
        {
            using var doc = JsonDocument.Parse(a.Body);
            if (doc.RootElement.TryGetProperty("errors", out var errors)) client.Tally.Violation($"{op}: errors {errors}");
        }
    }

    /// <summary>What the mutator expects of each slot it is sure of: there (with title and wordCount) or gone.</summary>
    public IEnumerable<(Guid Id, bool Present, string Title, int WordCount)> MutatorExpectations() =>
        Enumerable.Range(0, MutatorSlots).Where(s => _present[s] is not null)
            .Select(s => (MutatorId(s), _present[s]!.Value, MutatorTitle(s, _titleVersion[s]), _version[s]));

    public static Guid MutatorId(int slot) => Articles.ClientId(MutatorFirst + slot);

    private static string MutatorTitle(int slot, int version) => $"Mutated slot {slot} version {version}";

    private static string MutatorObject(int slot, int version, bool withId)
    {
        var a = Articles.Values(MutatorFirst + slot) with { Title = MutatorTitle(slot, version), WordCount = version };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(600);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("class", Articles.ClassName);
            if (withId) w.WriteString("id", SoakClient.Id(MutatorId(slot)));
            w.WriteStartObject("properties");
            Articles.WriteProperties(w, a);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async Task PaceAsync(Stopwatch clock, long batch)
    {
        var due = TimeSpan.FromSeconds(batch * BatchSize / objectsPerSecond);
        if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
    }

    private static IEnumerable<long> Numbers(long first) => Enumerable.Range(0, BatchSize).Select(k => first + k);

    private static Article Article(long n, string? marker)
    {
        var a = Articles.Values(n);
        return marker is null ? a : a with { Tags = [.. a.Tags, marker] };
    }

    private static string RestBatch(long first, string? marker)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(BatchSize * 560);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("objects");
            foreach (var n in Numbers(first))
            {
                w.WriteStartObject();
                w.WriteString("class", Articles.ClassName);
                w.WriteString("id", SoakClient.Id(Articles.ClientId(n)));
                w.WriteStartObject("properties");
                Articles.WriteProperties(w, Article(n, marker));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static byte[] GrpcBatch(long first, string? marker)
    {
        var request = BatchObjectsRequest.Parser.ParseFrom(Articles.GrpcBatchBody(first, BatchSize));
        if (marker is not null)
            foreach (var o in request.Objects) o.Properties.TextArrayProperties[0].Values.Add(marker);
        return Google.Protobuf.MessageExtensions.ToByteArray(request);
    }

    private HashSet<Guid> AckedIds(string body, long batch)
    {
        var acked = new HashSet<Guid>();
        using var doc = JsonDocument.Parse(body);
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var status = item.TryGetProperty("result", out var r) && r.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (status == "SUCCESS") acked.Add(item.GetProperty("id").GetGuid());
            else client.Tally.Violation($"REST batch {batch}: item {item.GetProperty("id")} {status}: {(r.ValueKind == JsonValueKind.Object && r.TryGetProperty("errors", out var e) ? e.ToString() : "")}");
        }
        return acked;
    }

    private static (long?, long?) DeleteCounts(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var results = doc.RootElement.GetProperty("results");
        return (results.GetProperty("matches").GetInt64(), results.GetProperty("successful").GetInt64());
    }

    private static Filters TagEquals(string tag) =>
        new() { Operator = Filters.Types.Operator.Equal, Target = new FilterTarget { Property = "tags" }, ValueText = tag };

    public static string? Title(string objectJson)
    {
        using var doc = JsonDocument.Parse(objectJson);
        return doc.RootElement.TryGetProperty("properties", out var p) && p.TryGetProperty("title", out var t) ? t.GetString() : null;
    }
}
