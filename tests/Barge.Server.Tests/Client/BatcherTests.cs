using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Barge.Client;
using Barge.Client.Batching;
using Barge.Client.Wire;
using Barge.Core.Journal;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;
using Microsoft.Extensions.DependencyInjection;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Client;

/// <summary>
/// The client's batcher against a real Barge: chunks, per-item results, the journal it leaves, and its retries made
/// safe by idempotency keys (a real 429 from a full write queue, a 503 and a connection dropped after the server wrote,
/// from a front that misbehaves on purpose).
/// </summary>
public sealed class BatcherTests : IAsyncLifetime
{
    private const long MaxQueuedObjects = 100;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync(o => o with { MaxQueuedObjects = MaxQueuedObjects });
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private BargeClient Client(Uri? address = null, int retries = 8) =>
        new(address ?? _server.Server.Address, options: new BargeClientOptions { MaxRetries = retries, RetryDelay = TimeSpan.FromMilliseconds(20) });

    private static WeaviateObject Article(int n, object? title = null) => new()
    {
        Class = "Article",
        Id = Id(n),
        Properties = new JsonObject { ["title"] = JsonValue.Create(title ?? $"article {n}"), ["n"] = n },
    };

    private async Task<long> JournalCountAsync(string name) =>
        long.Parse((await _server.GetAsync($"/api/batch/v1?name={Uri.EscapeDataString(name)}")).Headers["x-total-count"], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Chunks_are_sent_at_the_batch_size_and_every_item_is_reported_once_with_its_fate()
    {
        await _server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        using var client = Client();
        var results = new ConcurrentDictionary<long, ItemResult>();
        BatchReport report;
        await using (var batch = client.Batch(new BatchOptions { BatchSize = 7, Concurrency = 3, Name = "chunked", OnItem = r => Assert.True(results.TryAdd(r.Index, r)) }))
        {
            for (var n = 0; n < 50; n++) await batch.AddAsync(n == 13 ? Article(n, title: 42) : Article(n), tag: n);
            report = await batch.CompleteAsync();
        }

        Assert.Equal(50, results.Count);
        Assert.Equal(49, report.Succeeded);
        Assert.Equal(1, report.Failed);
        Assert.Equal(8, report.Requests); // 50 items in chunks of 7
        var failed = Assert.Single(results.Values, r => !r.Succeeded);
        Assert.Equal(13, failed.Tag);
        Assert.Equal(Id(13), failed.Id);
        Assert.Contains("title", failed.Error, StringComparison.Ordinal);
        Assert.All(results.Values, r => Assert.Equal(r.Index, (long)(int)r.Tag!));
        Assert.Equal(49, await _server.CountAsync("Article"));
        Assert.Equal(8, await JournalCountAsync("chunked"));
    }

    [Fact]
    public async Task Objects_without_an_id_get_one_before_they_are_sent()
    {
        using var client = Client();
        var ids = new List<string>();
        await using (var batch = client.Batch(new BatchOptions { BatchSize = 2, OnItem = r => ids.Add(r.Id!) }))
            for (var n = 0; n < 3; n++) await batch.AddAsync(Article(n) with { Id = null });

        Assert.Equal(3, ids.Distinct().Count());
        foreach (var id in ids) Assert.NotNull(await _server.GetObjectAsync("Article", id));
    }

    [Fact]
    public async Task A_full_write_queue_answers_429_and_the_batcher_waits_and_retries_until_everything_is_written_once()
    {
        var admission = _server.Server.Services.GetRequiredService<WriteAdmission>();
        var retried = new TaskCompletionSource<RetryEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = Client();
        var hold = admission.Objects.Admit(MaxQueuedObjects); // as batches in flight would
        Task<BatchReport> run;
        await using (var batch = client.Batch(new BatchOptions { BatchSize = 10, Concurrency = 2, Name = "crowded", OnRetry = e => retried.TrySetResult(e) }))
        {
            run = Task.Run(async () =>
            {
                for (var n = 0; n < 40; n++) await batch.AddAsync(Article(n));
                return await batch.CompleteAsync();
            });
            var first = await retried.Task.WaitAsync(TimeSpan.FromMinutes(2)); // a guard against a hang, not a measurement
            Assert.Equal(429, first.Status);
            Assert.True(first.Delay >= TimeSpan.FromSeconds(1), $"Retry-After not honoured: {first}");
            hold.Dispose();
            var report = await run;

            Assert.Equal(40, report.Succeeded);
            Assert.Equal(0, report.Failed);
            Assert.True(report.Retries >= 1);
        }
        Assert.Equal(40, await _server.CountAsync("Article"));
        Assert.Equal(4, await JournalCountAsync("crowded"));
    }

    [Fact]
    public async Task A_503_and_a_connection_dropped_after_the_server_wrote_are_retried_without_writing_anything_twice()
    {
        var batches = 0;
        await using var front = await FlakyFront.StartAsync(_server.Server.Address, (_, request) =>
        {
            if (!FlakyFront.IsBatch(request)) return FlakyFront.Fault.None;
            return Interlocked.Increment(ref batches) switch
            {
                1 => FlakyFront.Fault.Unavailable,
                2 or 4 => FlakyFront.Fault.DropAfterForwarding,
                _ => FlakyFront.Fault.None,
            };
        });
        using var client = Client(front.Address);
        BatchReport report;
        await using (var batch = client.Batch(new BatchOptions { BatchSize = 10, Concurrency = 1, Name = "flaky" }))
        {
            for (var n = 0; n < 30; n++) await batch.AddAsync(Article(n));
            report = await batch.CompleteAsync();
        }

        Assert.Equal([FlakyFront.Fault.Unavailable, FlakyFront.Fault.DropAfterForwarding, FlakyFront.Fault.DropAfterForwarding], front.Dealt);
        Assert.Equal(30, report.Succeeded);
        Assert.Equal(3, report.Retries);
        Assert.Equal(2, report.Replayed); // the dropped answers came from the first runs
        Assert.Equal(30, await _server.CountAsync("Article"));
        Assert.Equal(3, await JournalCountAsync("flaky")); // one journaled batch per chunk: none ran twice
    }

    [Fact]
    public async Task A_request_that_fails_for_good_fails_each_of_its_items_with_the_reason()
    {
        await using var front = await FlakyFront.StartAsync(_server.Server.Address, (_, request) =>
            FlakyFront.IsBatch(request) ? FlakyFront.Fault.Unavailable : FlakyFront.Fault.None);
        using var client = Client(front.Address, retries: 2);
        var errors = new List<string?>();
        BatchReport report;
        await using (var batch = client.Batch(new BatchOptions { BatchSize = 5, OnItem = r => errors.Add(r.Error) }))
        {
            for (var n = 0; n < 5; n++) await batch.AddAsync(Article(n));
            report = await batch.CompleteAsync();
        }

        Assert.Equal(5, report.Failed);
        Assert.Equal(2, report.Retries);
        Assert.All(errors, e => Assert.Equal("503: the front is unavailable", e));
        Assert.Equal(404, (await _server.GetAsync("/v1/schema/Article")).Status); // nothing reached the server
    }

    [Fact]
    public async Task References_are_sent_after_the_objects_they_point_at()
    {
        await _server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        await _server.CreateClassAsync("""{"class":"Author","properties":[{"name":"name","dataType":["text"]},{"name":"wrote","dataType":["Article"]}]}""");
        using var client = Client();
        BatchReport report;
        await using (var batch = client.Batch(new BatchOptions { BatchSize = 2 }))
        {
            await batch.AddAsync(Article(1));
            await batch.AddAsync(new WeaviateObject { Class = "Author", Id = Id(100), Properties = new JsonObject { ["name"] = "Ann" } });
            await batch.AddReferenceAsync(BatchReference.Between("Author", Id(100), "wrote", "Article", Id(1)));
            report = await batch.CompleteAsync();
        }

        Assert.Equal(3, report.Succeeded);
        var author = await _server.GetObjectAsync("Author", Id(100));
        Assert.Contains(Id(1), author!["properties"]!["wrote"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_adding_and_completing()
    {
        await using var front = await FlakyFront.StartAsync(_server.Server.Address, (_, request) =>
            FlakyFront.IsBatch(request) ? FlakyFront.Fault.Unavailable : FlakyFront.Fault.None);
        using var client = Client(front.Address);
        using var cancel = new CancellationTokenSource();
        var batch = client.Batch(new BatchOptions { BatchSize = 1, Concurrency = 1, OnRetry = _ => cancel.Cancel() });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            for (var n = 0; n < 10; n++) await batch.AddAsync(Article(n), ct: cancel.Token);
            await batch.CompleteAsync(cancel.Token);
        });
        Assert.Equal(0, batch.Progress.Succeeded);
    }

    [Fact]
    public async Task The_typed_calls_cover_schema_objects_delete_by_query_and_the_journal()
    {
        using var client = Client();
        await client.CreateClassAsync(new ClassDefinition { Class = "Note", Properties = [new PropertyDefinition { Name = "body", DataType = ["text"] }] });
        Assert.Equal(["body"], (await client.GetClassAsync("Note"))!.Properties!.Select(p => p.Name));
        Assert.Null(await client.GetClassAsync("Nothing"));

        var answer = await client.BatchObjectsAsync(
            [new WeaviateObject { Class = "Note", Id = Id(1), Properties = new JsonObject { ["body"] = "keep" } },
             new WeaviateObject { Class = "Note", Id = Id(2), Properties = new JsonObject { ["body"] = "drop" } },
             new WeaviateObject { Class = "Note", Id = Id(3), Properties = new JsonObject { ["body"] = 7 } }],
            new BatchHeaders { Name = "notes" });
        Assert.NotNull(answer.BatchId);
        Assert.Equal([null, null], answer.Items.Take(2).Select(i => i.Result?.Errors?.Joined));
        Assert.NotNull(answer.Items[2].Result?.Errors?.Joined);
        Assert.Equal("keep", (string)(await client.GetObjectAsync("Note", Id(1)))!.Properties!["body"]!);

        var all = await client.ReadAllAsync("Note", pageSize: 1).Select(o => o.Id).ToListAsync();
        Assert.Equal([Id(1), Id(2)], all);

        var deleted = await client.DeleteByQueryAsync(new BatchDeleteRequest
        {
            Match = new DeleteMatch { Class = "Note", Where = (JsonObject)J("""{"path":["body"],"operator":"Equal","valueText":"drop"}""") },
        });
        Assert.Equal(1, deleted.Results!.Successful);
        Assert.Null(await client.GetObjectAsync("Note", Id(2)));

        var summary = await client.GetBatchAsync(answer.BatchId!);
        Assert.Equal("notes", summary!.Name);
        Assert.Equal(2, summary.Counts!.Succeeded);
        Assert.Equal(1, summary.Counts.Failed);
        Assert.Contains(answer.BatchId, (await client.ListBatchesAsync(name: "notes")).Batches.Select(b => b.Id));
        Assert.Null(await client.GetBatchAsync("no-such-batch"));

        var undone = await client.UndoBatchAsync(answer.BatchId!);
        Assert.Equal([Id(1)], undone.Deleted.Select(d => d.Id));
        Assert.Null(await client.GetObjectAsync("Note", Id(1)));

        var refused = await Assert.ThrowsAsync<BargeApiException>(() => client.UndoBatchAsync("no-such-batch"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.Status);
    }
}
