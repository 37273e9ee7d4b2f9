using System.Diagnostics;
using System.Text.Json;
using Barge.Client.Wire;

namespace Barge.Client.Batching;

/// <summary>
/// Bulk writes in chunks: <see cref="AddAsync"/> objects and <see cref="AddReferenceAsync"/> references; a chunk is
/// sent when it is full, up to <see cref="BatchOptions.Concurrency"/> at once, and adding waits while every slot is
/// busy, so memory holds only the chunks in flight and the one filling. Each chunk carries its own
/// <c>Idempotency-Key</c>, so the client's retries (<see cref="RetryRules"/>) cannot write a chunk twice; objects
/// without an id get one here, so even a server without idempotency keys cannot duplicate them. Every item's fate
/// goes to <see cref="BatchOptions.OnItem"/>; <see cref="CompleteAsync"/> sends the rest and returns the report.
/// Add from one task at a time.
/// </summary>
public sealed class Batcher : IAsyncDisposable
{
    private readonly BargeClient _client;
    private readonly BatchOptions _options;
    private readonly BatchHeaders _headers;
    private readonly string _keyPrefix;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _reporting = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private List<PendingItem> _objects;
    private List<PendingItem> _references;
    private long _objectIndex, _referenceIndex, _chunks;
    private long _added, _succeeded, _failed, _requests, _retries, _replayed;
    private Exception? _fault;
    private BatchReport? _final;

    internal Batcher(BargeClient client, BatchOptions options)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1");
        if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "Concurrency must be at least 1");
        _client = client;
        _options = options;
        _headers = new BatchHeaders { Name = options.Name, Reason = options.Reason, Source = options.Source, DryRun = options.DryRun };
        _keyPrefix = options.IdempotencyPrefix ?? Guid.NewGuid().ToString("N");
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _objects = new List<PendingItem>(options.BatchSize);
        _references = new List<PendingItem>(options.BatchSize);
    }

    /// <summary>The counts so far.</summary>
    public BatchReport Progress => _final ?? new BatchReport(Interlocked.Read(ref _added), Interlocked.Read(ref _succeeded), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _requests), Interlocked.Read(ref _retries), Interlocked.Read(ref _replayed), _clock.Elapsed);

    /// <summary>Adds an object (given an id if it has none); sends the chunk when it is full, waiting for a free slot.</summary>
    public ValueTask AddAsync(WeaviateObject obj, object? tag = null, CancellationToken ct = default)
    {
        if (obj.Id is null) obj = obj with { Id = Guid.NewGuid().ToString() };
        return EnqueueAsync(false, new PendingItem(_objectIndex++, obj.Class, obj.Id, tag, JsonSerializer.SerializeToUtf8Bytes(obj, ClientJson.Default.WeaviateObject)), ct);
    }

    /// <summary>
    /// Adds a cross-reference. Before a chunk of references is sent, every object added so far is sent and answered,
    /// so a reference may point at an object added earlier to this batcher.
    /// </summary>
    public ValueTask AddReferenceAsync(BatchReference reference, object? tag = null, CancellationToken ct = default) =>
        EnqueueAsync(true, new PendingItem(_referenceIndex++, null, null, tag, JsonSerializer.SerializeToUtf8Bytes(reference, ClientJson.Default.BatchReference)), ct);

    private async ValueTask EnqueueAsync(bool reference, PendingItem item, CancellationToken ct)
    {
        ThrowIfStopped();
        (reference ? _references : _objects).Add(item);
        Interlocked.Increment(ref _added);
        if (_objects.Count >= _options.BatchSize) await SendObjectsAsync(ct);
        if (_references.Count >= _options.BatchSize) await SendReferencesAsync(ct);
    }

    /// <summary>Sends what is pending and waits until every chunk is answered.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        ThrowIfStopped();
        await SendObjectsAsync(ct);
        await SendReferencesAsync(ct);
        await DrainAsync(ct);
    }

    /// <summary>Flushes and returns the final report; the batcher takes nothing more.</summary>
    public async Task<BatchReport> CompleteAsync(CancellationToken ct = default)
    {
        if (_final is not null) return _final;
        await FlushAsync(ct);
        _clock.Stop();
        _final = Progress;
        return _final;
    }

    /// <summary>Completes if <see cref="CompleteAsync"/> was not called (sending what is pending).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_final is null && _fault is null) await CompleteAsync();
        _slots.Dispose();
    }

    private async Task SendObjectsAsync(CancellationToken ct)
    {
        if (_objects.Count == 0) return;
        var items = _objects;
        _objects = new List<PendingItem>(_options.BatchSize);
        await StartAsync(items, false, ct);
    }

    private async Task SendReferencesAsync(CancellationToken ct)
    {
        if (_references.Count == 0) return;
        await SendObjectsAsync(ct);
        await DrainAsync(ct);
        var items = _references;
        _references = new List<PendingItem>(_options.BatchSize);
        await StartAsync(items, true, ct);
    }

    /// <summary>Takes a slot (waiting while all are busy) and sends the chunk in the background.</summary>
    private async Task StartAsync(List<PendingItem> items, bool references, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        var key = $"{_keyPrefix}-{++_chunks}";
        _ = Task.Run(async () =>
        {
            try
            {
                await SendChunkAsync(items, references, key, ct);
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>Waits until no chunk is in flight: holding every slot means none is.</summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        var held = 0;
        try
        {
            for (; held < _options.Concurrency; held++) await _slots.WaitAsync(ct);
        }
        finally
        {
            if (held > 0) _slots.Release(held);
        }
        ThrowIfStopped();
    }

    private async Task SendChunkAsync(List<PendingItem> items, bool references, string key, CancellationToken ct)
    {
        var headers = _headers with { IdempotencyKey = key };
        var bodies = items.Select(i => i.Json).ToList();
        Interlocked.Increment(ref _requests);
        try
        {
            if (references)
            {
                var answer = await _client.PostBatchAsync("v1/batch/references", null, bodies, headers, ClientJson.Default.ListBatchReferenceAnswer, OnRetry, ct);
                Report(items, true, answer.BatchId, answer.Replayed, i => i < answer.Items.Count ? ReferenceError(answer.Items[i]) : "no answer for this item");
            }
            else
            {
                var answer = await _client.PostBatchAsync("v1/batch/objects", "objects", bodies, headers, ClientJson.Default.ListBatchObjectAnswer, OnRetry, ct);
                Report(items, false, answer.BatchId, answer.Replayed, i => i < answer.Items.Count ? answer.Items[i].Result?.Errors?.Joined : "no answer for this item");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancelled: these items have no fate to report.
        }
        catch (Exception ex) when (ex is BargeApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            // The whole request failed for good (refused, or retries exhausted): every item in it failed for that reason.
            var reason = ex is BargeApiException api ? $"{(int)api.Status}: {api.ServerMessage}" : ex.Message;
            Report(items, references, null, false, _ => reason);
        }
        catch (Exception ex)
        {
            _fault ??= ex;
        }
    }

    private static string? ReferenceError(BatchReferenceAnswer answer) =>
        answer.Result?.Errors?.Joined ?? (answer.Result?.Status == "FAILED" ? "failed" : null);

    private void OnRetry(RetryEvent e)
    {
        Interlocked.Increment(ref _retries);
        _options.OnRetry?.Invoke(e);
    }

    private void Report(List<PendingItem> items, bool references, string? batchId, bool replayed, Func<int, string?> errorOf)
    {
        if (replayed) Interlocked.Increment(ref _replayed);
        lock (_reporting)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var error = errorOf(i);
                Interlocked.Increment(ref error is null ? ref _succeeded : ref _failed);
                if (_options.OnItem is { } onItem && _fault is null)
                {
                    try
                    {
                        onItem(new ItemResult(item.Index, references, item.Class, item.Id, error, batchId, item.Tag, item.Json));
                    }
                    catch (Exception ex)
                    {
                        _fault = ex;
                    }
                }
            }
        }
    }

    private void ThrowIfStopped()
    {
        if (_fault is { } fault) throw new InvalidOperationException("the batcher stopped: " + fault.Message, fault);
        if (_final is not null) throw new InvalidOperationException("the batcher is complete");
    }

    private sealed record PendingItem(long Index, string? Class, string? Id, object? Tag, byte[] Json);
}
