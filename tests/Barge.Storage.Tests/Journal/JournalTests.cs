using System.Text.Json.Nodes;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Barge.Storage.Tests.Backends;

namespace Barge.Storage.Tests.Journal;

public sealed class JournalTestsOnSqlite() : JournalTests(StoreBackend.Sqlite);

public sealed class JournalTestsOnSqliteRows() : JournalTests(StoreBackend.SqliteRows);

public sealed class JournalTestsOnPostgres() : JournalTests(StoreBackend.Postgres);

/// <summary>The batch journal port (<see cref="IBatchJournalStore"/>), the same on every backend.</summary>
public abstract class JournalTests(StoreBackend backend) : IAsyncLifetime
{
    private OpenedStore? _opened;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_opened is not null) await _opened.DisposeAsync();
    }

    private async Task<OpenedStore> StoreAsync() => _opened ??= await backend.OpenAsync(_ => null);

    private static JournalEntry Running(string id, string user = "ann", string? name = "nightly", long started = 1000, string? key = null) => new()
    {
        Id = id, User = user, Environment = "test", Service = "weaviate.batch.objects", Name = name, Reason = "because",
        Source = null, Message = "", StartedMs = started, DryRun = true, Atomic = false, IdempotencyKey = key, RequestHash = key is null ? null : "h-" + key,
    };

    private static string Id(int n) => $"{n:x8}-0000-0000-0000-000000000000";

    private static PutObject Put(string id, string? tenant = null) =>
        new(new StoredObject { Class = "Thing", Id = id, Tenant = tenant, Properties = new JsonObject { ["n"] = 1 } }, [], PutMode.Upsert);

    [Fact]
    public async Task Begin_returns_a_seq_and_null_when_the_id_or_the_key_is_taken()
    {
        var journal = (await StoreAsync()).Journal;
        var first = await journal.BeginAsync(Running("b1", key: "k1"));
        Assert.NotNull(first);
        Assert.Null(await journal.BeginAsync(Running("b1")));
        Assert.Null(await journal.BeginAsync(Running("b2", key: "k1")));
        var second = await journal.BeginAsync(Running("b2", key: "k2"));
        Assert.True(second > first);
    }

    [Fact]
    public async Task A_running_entry_reads_back_by_id_and_by_key()
    {
        var journal = (await StoreAsync()).Journal;
        var seq = (await journal.BeginAsync(Running("b1", key: "k1")))!.Value;
        var e = (await journal.GetAsync("b1"))!;
        Assert.Equal(seq, e.Seq);
        Assert.Equal(("b1", "ann", "test", "weaviate.batch.objects", "nightly", "because", (string?)null), (e.Id, e.User, e.Environment, e.Service, e.Name, e.Reason, e.Source));
        Assert.Equal((BatchStatus.Running, "", 1000L, (long?)null, 0, 0, 0), (e.Status, e.Message, e.StartedMs, e.EndedMs, e.Total, e.Succeeded, e.Failed));
        Assert.Equal((true, false, "k1", "h-k1"), (e.DryRun, e.Atomic, e.IdempotencyKey, e.RequestHash));
        Assert.Empty(e.Failures);
        Assert.Equal(seq, (await journal.FindByIdempotencyKeyAsync("k1"))!.Seq);
        Assert.Null(await journal.GetAsync("nope"));
        Assert.Null(await journal.FindByIdempotencyKeyAsync("nope"));
    }

    [Fact]
    public async Task Completion_records_counts_failures_and_the_written_ids()
    {
        var journal = (await StoreAsync()).Journal;
        var seq = (await journal.BeginAsync(Running("b1")))!.Value;
        await journal.CompleteAsync(new JournalCompletion(seq, BatchStatus.Partial, "1 of 3 failed", 2000, 3, 2, 1,
            [new BatchFailure(1, null, "bad \"input\""), new BatchFailure(2, Id(9), "ünicode")],
            [new WrittenIds("Thing", null, [Id(2), Id(1)]), new WrittenIds("Thing", "t1", [Id(3)]), new WrittenIds("Other", null, [Id(4)])]));
        var e = (await journal.GetAsync("b1"))!;
        Assert.Equal((BatchStatus.Partial, "1 of 3 failed", (long?)2000, 3, 2, 1), (e.Status, e.Message, e.EndedMs, e.Total, e.Succeeded, e.Failed));
        Assert.Equal([new BatchFailure(1, null, "bad \"input\""), new BatchFailure(2, Id(9), "ünicode")], e.Failures);
        var written = await journal.WrittenAsync(seq);
        Assert.Equal(["Other/", "Thing/", "Thing/t1"], written.Select(w => w.Class + "/" + w.Tenant));
        Assert.Equal([Id(2), Id(1)], written[1].Ids);
        Assert.Empty(await journal.WrittenAsync(seq + 100));
    }

    [Fact]
    public async Task Answers_are_stored_and_replayed_byte_for_byte()
    {
        var journal = (await StoreAsync()).Journal;
        var seq = (await journal.BeginAsync(Running("b1", key: "k")))!.Value;
        Assert.Null(await journal.GetAnswerAsync(seq));
        await journal.StoreAnswerAsync(seq, new StoredAnswer(207, "application/json", [0, 1, 2, 255]));
        var answer = (await journal.GetAnswerAsync(seq))!;
        Assert.Equal((207, "application/json"), (answer.Status, answer.ContentType));
        Assert.Equal([0, 1, 2, 255], answer.Body);
    }

    [Fact]
    public async Task Listing_is_newest_first_filtered_and_counted()
    {
        var journal = (await StoreAsync()).Journal;
        for (var i = 1; i <= 5; i++)
            await journal.BeginAsync(Running($"b{i}", user: i % 2 == 0 ? "bob" : "ann", name: i <= 3 ? "nightly" : null, started: 1000 * i));
        var b2 = (await journal.GetAsync("b2"))!.Seq;
        await journal.CompleteAsync(new JournalCompletion(b2, BatchStatus.Success, "", 9000, 0, 0, 0, [], []));

        static string[] Ids(JournalPage page) => page.Entries.Select(e => e.Id).ToArray();
        var all = await journal.ListAsync(new JournalQuery(null, null, null, null, null, 2, 1));
        Assert.Equal(["b4", "b3"], Ids(all));
        Assert.Equal(5, all.Total);
        var filtered = await journal.ListAsync(new JournalQuery("nightly", null, 2000, 4000, "ann", 10, 0));
        Assert.Equal(["b3"], Ids(filtered));
        Assert.Equal(1, filtered.Total);
        var done = await journal.ListAsync(new JournalQuery(null, BatchStatus.Success, null, null, null, 10, 0));
        Assert.Equal(["b2"], Ids(done));
    }

    [Fact]
    public async Task Delete_removes_the_summary_and_its_ids_once()
    {
        var journal = (await StoreAsync()).Journal;
        var seq = (await journal.BeginAsync(Running("b1")))!.Value;
        await journal.CompleteAsync(new JournalCompletion(seq, BatchStatus.Success, "", 2000, 1, 1, 0, [], [new WrittenIds("Thing", null, [Id(1)])]));
        Assert.True(await journal.DeleteAsync(seq));
        Assert.False(await journal.DeleteAsync(seq));
        Assert.Null(await journal.GetAsync("b1"));
        Assert.Empty(await journal.WrittenAsync(seq));
    }

    [Fact]
    public async Task Fail_running_marks_only_unfinished_batches()
    {
        var journal = (await StoreAsync()).Journal;
        var done = (await journal.BeginAsync(Running("b1")))!.Value;
        await journal.CompleteAsync(new JournalCompletion(done, BatchStatus.Success, "ok", 2000, 0, 0, 0, [], []));
        await journal.BeginAsync(Running("b2"));
        Assert.Equal(1, await journal.FailRunningAsync("crashed", 5000));
        var b2 = (await journal.GetAsync("b2"))!;
        Assert.Equal((BatchStatus.Failed, "crashed", (long?)5000), (b2.Status, b2.Message, b2.EndedMs));
        Assert.Equal(BatchStatus.Success, (await journal.GetAsync("b1"))!.Status);
    }

    [Fact]
    public async Task Prune_deletes_old_or_surplus_finished_batches_in_steps_and_never_running_ones()
    {
        var journal = (await StoreAsync()).Journal;
        for (var i = 1; i <= 6; i++)
        {
            var seq = (await journal.BeginAsync(Running($"b{i}", started: 1000 * i)))!.Value;
            if (i != 2) await journal.CompleteAsync(new JournalCompletion(seq, BatchStatus.Success, "", 10000, 0, 0, 0, [], [new WrittenIds("Thing", null, [Id(i)])]));
        }
        Assert.Equal(1, await journal.PruneAsync(3500, null, 1)); // b1 (b2 is running)
        Assert.Equal(1, await journal.PruneAsync(3500, null, 10)); // b3
        Assert.Equal(0, await journal.PruneAsync(3500, null, 10));
        Assert.Equal(1, await journal.PruneAsync(null, 2, 10)); // b4: b5 and b6 are the newest two
        var left = await journal.ListAsync(new JournalQuery(null, null, null, null, null, 10, 0));
        Assert.Equal(["b6", "b5", "b2"], left.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task A_batch_write_completes_its_entry_and_provenance_tells_who_wrote_each_object_last()
    {
        var opened = await StoreAsync();
        var (store, journal) = (opened.Store, opened.Journal);
        Assert.All(await store.WriteAsync([Put(Id(1))]), o => Assert.True(o.Succeeded));
        var b1 = (await journal.BeginAsync(Running("b1")))!.Value;
        IReadOnlyList<WrittenIds> written = [new WrittenIds("Thing", null, [Id(1), Id(2), Id(3)]), new WrittenIds("Thing", "t1", [Id(4)])];
        var outcomes = await store.WriteAsync([Put(Id(1)), Put(Id(2)), Put(Id(3)), Put(Id(4), "t1")],
            new WriteOptions(b1, false, o => new JournalCompletion(b1, BatchStatus.Success, "", 2000, o.Count, o.Count, 0, [], written)));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
        Assert.Equal(BatchStatus.Success, (await journal.GetAsync("b1"))!.Status);

        var b2 = (await journal.BeginAsync(Running("b2")))!.Value;
        await store.WriteAsync([Put(Id(3))], new WriteOptions(b2, false, o => new JournalCompletion(b2, BatchStatus.Success, "", 3000, 1, 1, 0, [], [])));
        await store.WriteAsync([new DeleteObject("Thing", Id(2), null)]);

        var provenance = await journal.ProvenanceAsync(b1);
        Assert.Equal(
        [
            new ObjectProvenance("Thing", null, Id(1), true, b1, false, "b1"),
            new ObjectProvenance("Thing", null, Id(2), false, null, false, null),
            new ObjectProvenance("Thing", null, Id(3), true, b2, false, "b2"),
            new ObjectProvenance("Thing", "t1", Id(4), true, b1, true, "b1"),
        ], provenance);
    }
}
