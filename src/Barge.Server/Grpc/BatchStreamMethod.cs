using System.Threading.Channels;
using Barge.Core.Batching;
using Barge.Core.Objects;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>BatchStream</c>, server-side batching. The client opens with <c>start</c> and waits for <c>started</c>; the server
/// then tells it how many items to keep in flight (<c>backoff.batch_size</c>). Each <c>data</c> message is queued and
/// acknowledged (<c>acks</c>: its object ids and reference beacons) as soon as it is queued; a writer behind a queue of
/// <see cref="QueuedMessages"/> messages imports them through <see cref="ObjectBatchService"/> and
/// <see cref="ReferenceBatchService"/> in chunks of at most <see cref="BatchSize"/> (each chunk a journaled batch,
/// <c>weaviate.grpc.batch.stream</c>) and answers every item in <c>results</c>. A full queue holds the acks back, which
/// holds the client back. <c>stop</c> (or the end of the client's stream) drains the queue, lets the client close its
/// side, and ends the call, which is how the client knows it has every result; a client that goes away cancels the call (quietly: no server error), and
/// what was already committed stays. <c>shutting_down</c> and <c>out_of_memory</c> are never sent.
/// </summary>
internal static class BatchStreamMethod
{
    public const string Service = "weaviate.grpc.batch.stream";
    /// <summary>Items a client keeps in flight, and the largest chunk written as one batch.</summary>
    public const int BatchSize = 1000;
    public const int QueuedMessages = 2;
    /// <summary>How long, after <c>stop</c>, the call waits for the client to close its side of the stream.</summary>
    public static readonly TimeSpan HalfCloseWait = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(IAsyncStreamReader<BatchStreamRequest> requests, IServerStreamWriter<BatchStreamReply> replies,
        ServerCallContext context, ObjectBatchService objects, ReferenceBatchService references, BargeOptions options)
    {
        if (!await requests.MoveNext(context.CancellationToken)) return;
        if (requests.Current.MessageCase != BatchStreamRequest.MessageOneofCase.Start)
            throw GrpcErrors.Invalid("the first message of a batch stream must be 'start'");
        GrpcBatchRequests.CheckedId(context);   // every chunk is journaled under it: refused before the first one runs

        var batchSize = Math.Min(BatchSize, options.MaxBatchItems);
        var writer = new ReplyWriter(replies);
        await writer.WriteAsync(new BatchStreamReply { Started = new() }, context.CancellationToken);
        await writer.WriteAsync(new BatchStreamReply { Backoff = new() { BatchSize = batchSize } }, context.CancellationToken);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var queue = Channel.CreateBounded<BatchStreamRequest.Types.Data>(new BoundedChannelOptions(QueuedMessages) { SingleReader = true, SingleWriter = true });
        var work = WriteAsync(queue.Reader, writer, context, objects, references, options, batchSize, stop);
        Task? clientClosed = null;
        try
        {
            while (await requests.MoveNext(stop.Token))
            {
                var message = requests.Current;
                if (message.MessageCase == BatchStreamRequest.MessageOneofCase.Stop)
                {
                    clientClosed = UntilClientClosesAsync(requests, stop.Token);
                    break;
                }
                if (message.MessageCase != BatchStreamRequest.MessageOneofCase.Data)
                    throw GrpcErrors.Invalid("a batch stream takes 'start' once, then 'data' messages and 'stop'");
                var data = message.Data;
                foreach (var o in data.Objects?.Values ?? [])
                    if (o.Uuid.Length == 0) o.Uuid = ObjectIds.New(); // so that its result can name it
                await queue.Writer.WriteAsync(data, stop.Token);
                var acks = new BatchStreamReply.Types.Acks();
                acks.Uuids.AddRange((data.Objects?.Values ?? []).Select(o => o.Uuid));
                acks.Beacons.AddRange((data.References?.Values ?? []).Select(BatchReferencesMethod.Beacon));
                await writer.WriteAsync(new BatchStreamReply { Acks = acks }, stop.Token);
            }
        }
        catch (Exception ex)
        {
            // The client went away or broke the protocol, or the writer failed and cancelled the reading: stop the
            // writer before the call ends, so that nothing writes to a finished call (an import under way still
            // commits, and what was committed stays).
            await stop.CancelAsync();
            queue.Writer.TryComplete();
            await WhenEndedAsync(work);
            // A client's reset is no fault of ours: end quietly rather than as a failed call (a server error in the log).
            if (ClientWentAway(ex, context)) return;
            if (work.IsFaulted) await work; // the writer's failure is the call's, not the cancelled read it caused
            throw;
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        try
        {
            await work;
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client left while the queue drained: the results have no one to go to. (Not an IOException alone:
            // the writer's own failures, a storage one included, must fail the call.)
            return;
        }
        if (clientClosed is not null) await Task.WhenAny(clientClosed, Task.Delay(HalfCloseWait, context.CancellationToken));
    }

    /// <summary>
    /// After <c>stop</c> the call still reads (and ignores) the client's messages until the client closes its side:
    /// ending the call while that side is open makes Kestrel reset the stream after the trailers, and some clients
    /// (the .NET one among them) then report a failure although every result arrived. The wait is bounded by
    /// <see cref="HalfCloseWait"/>, so a client that never closes cannot hold the call open; the read left pending
    /// then ends with the call, and its failure is observed here rather than reported as unobserved.
    /// </summary>
    private static async Task UntilClientClosesAsync(IAsyncStreamReader<BatchStreamRequest> requests, CancellationToken ct)
    {
        try
        {
            while (await requests.MoveNext(ct)) { }
        }
        catch (Exception)
        {
            // Reset, cancelled or ended with the call: the client's side is closed either way.
        }
    }

    /// <summary>
    /// While reading: a reset stream surfaces as an <see cref="IOException"/> from the request reader (or from writing
    /// an ack), sometimes before the call's token is cancelled (Kestrel signals that token on another thread), so
    /// either one means the client has gone.
    /// </summary>
    private static bool ClientWentAway(Exception ex, ServerCallContext context) =>
        context.CancellationToken.IsCancellationRequested || ex is IOException;

    private static async Task WhenEndedAsync(Task work)
    {
        try
        {
            await work;
        }
        catch (Exception)
        {
            // Cancelled, or failed writing to a client that has gone: either way there is no one to tell.
        }
    }

    private static async Task WriteAsync(ChannelReader<BatchStreamRequest.Types.Data> queue, ReplyWriter writer, ServerCallContext context,
        ObjectBatchService objects, ReferenceBatchService references, BargeOptions options, int batchSize, CancellationTokenSource stop)
    {
        try
        {
            await foreach (var data in queue.ReadAllAsync(stop.Token))
            {
                foreach (var chunk in (data.Objects?.Values ?? []).Chunk(batchSize))
                {
                    var failures = await BatchObjectsMethod.ImportAsync(chunk, context, objects, options, Service);
                    var results = new BatchStreamReply.Types.Results();
                    var failed = new HashSet<int>(failures.Select(f => f.Index));
                    foreach (var f in failures)
                        results.Errors.Add(new BatchStreamReply.Types.Results.Types.Error { Error_ = f.Error, Uuid = chunk[f.Index].Uuid });
                    for (var i = 0; i < chunk.Length; i++)
                        if (!failed.Contains(i)) results.Successes.Add(new BatchStreamReply.Types.Results.Types.Success { Uuid = chunk[i].Uuid });
                    await writer.WriteAsync(new BatchStreamReply { Results = results }, stop.Token);
                }
                foreach (var chunk in (data.References?.Values ?? []).Chunk(batchSize))
                {
                    var failures = await BatchReferencesMethod.AddAsync(chunk, context, references, options, Service);
                    var results = new BatchStreamReply.Types.Results();
                    var failed = new HashSet<int>(failures.Select(f => f.Index));
                    foreach (var (index, error) in failures)
                        results.Errors.Add(new BatchStreamReply.Types.Results.Types.Error { Error_ = error, Beacon = BatchReferencesMethod.Beacon(chunk[index]) });
                    for (var i = 0; i < chunk.Length; i++)
                        if (!failed.Contains(i)) results.Successes.Add(new BatchStreamReply.Types.Results.Types.Success { Beacon = BatchReferencesMethod.Beacon(chunk[i]) });
                    await writer.WriteAsync(new BatchStreamReply { Results = results }, stop.Token);
                }
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>
    /// Replies come from the reading loop (acks) and the writer (results): one write at a time. <paramref name="ct"/>
    /// (the call's stop) only cancels the wait for the gate, never a write under way: Kestrel answers a response flush
    /// cancelled by a token by resetting the stream with INTERNAL_ERROR, so a writer that failed (the queue full, say)
    /// while an ack was being flushed reached the client as a broken stream instead of the writer's own status.
    /// A write to a client that has gone still ends, with the call.
    /// </summary>
    private sealed class ReplyWriter(IServerStreamWriter<BatchStreamReply> replies)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task WriteAsync(BatchStreamReply reply, CancellationToken ct)
        {
            await _gate.WaitAsync(ct);
            try
            {
                await replies.WriteAsync(reply);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
