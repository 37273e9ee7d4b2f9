using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Overload;

/// <summary>Alone in the test process: the flood tests measure the process's memory, which other tests would add to.</summary>
[CollectionDefinition(nameof(FloodCollection), DisableParallelization = true)]
public sealed class FloodCollection;

/// <summary>
/// Many concurrent large batches against a server whose queue holds about two of them: some are answered 429 (gRPC:
/// RESOURCE_EXHAUSTED), every batch answered with success is stored whole, no refused batch left an object behind,
/// and the memory the process holds stays far below what the flood would hold if it were queued.
/// </summary>
[Collection(nameof(FloodCollection))]
public sealed class FloodTests
{
    private const int Senders = 32;
    private const int BatchesPerSender = 2;
    private const int ObjectsPerBatch = 60;
    private const int RestPayloadBytes = 100 * 1024;
    private const int GrpcPayloadBytes = 20 * 1024;

    /// <summary>
    /// What the process may hold above its resting state while the flood runs: a generous multiple of what the bounds
    /// let the server hold (two bodies, their parsed objects, the connections' buffers), well below what the senders'
    /// bodies would hold if they were all taken in at once.
    /// </summary>
    private const long MemoryAllowance = 320L * 1024 * 1024;

    private const string FloodClass = """
        {"class":"Flood","properties":[{"name":"tag","dataType":["text"]},
          {"name":"payload","dataType":["text"],"indexFilterable":false,"indexSearchable":false}]}
        """;

    private static string FloodId(int batch, int item) => $"{batch:x8}-0000-4000-8000-{item:x12}";

    [Fact]
    public async Task A_rest_flood_is_answered_429_with_retry_after_stores_exactly_the_accepted_batches_and_holds_bounded_memory()
    {
        var restBody = new FloodBatchContent(0).Headers.ContentLength!.Value;
        await using var server = await TestServer.StartAsync(o => o with
        {
            MaxQueuedBytes = 2 * restBody,
            MaxQueuedObjects = 2 * ObjectsPerBatch,
            QueryMaximumResults = 100_000,
        });
        await server.CreateClassAsync(FloodClass);
        var accepted = new ConcurrentBag<int>();
        var refused = new ConcurrentBag<int>();

        long held;
        await using (var memory = MemorySampler.Start())
        {
            await Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
            {
                for (var k = 0; k < BatchesPerSender; k++)
                {
                    var batch = sender * BatchesPerSender + k;
                    using var response = await server.Client.PostAsync("/v1/batch/objects", new FloodBatchContent(batch));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Assert.Equal(ObjectsPerBatch.ToString(CultureInfo.InvariantCulture), Header(response, "X-Batch-Succeeded"));
                        Assert.Equal("0", Header(response, "X-Batch-Failed"));
                        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null); // the echo of 6 MB is not kept
                        accepted.Add(batch);
                    }
                    else
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"batch {batch}: {(int)response.StatusCode} {body}");
                        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"batch {batch}: no Retry-After");
                        Assert.Contains("the server is busy", body, StringComparison.Ordinal);
                        refused.Add(batch);
                    }
                }
            })));
            held = await memory.PeakAboveRestAsync();
        }

        Assert.NotEmpty(accepted);
        Assert.NotEmpty(refused);
        await AssertStoredExactlyAsync(server, accepted);
        Assert.True(held < MemoryAllowance, $"the process held {held / (1024 * 1024)} MiB above its resting state during the flood");
    }

    [Fact]
    public async Task A_grpc_flood_is_answered_resource_exhausted_and_stores_exactly_the_accepted_batches()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxQueuedObjects = 2 * ObjectsPerBatch, QueryMaximumResults = 100_000 });
        await server.CreateClassAsync(FloodClass);
        using var channel = server.GrpcChannel();
        var client = new WeaviateClient(channel);
        var accepted = new ConcurrentBag<int>();
        var refused = new ConcurrentBag<int>();
        var payload = Value.ForString(new string('p', GrpcPayloadBytes));

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var k = 0; k < BatchesPerSender; k++)
            {
                var batch = sender * BatchesPerSender + k;
                var request = new BatchObjectsRequest();
                for (var i = 0; i < ObjectsPerBatch; i++)
                    request.Objects.Add(Object("Flood", FloodId(batch, i), Struct(("tag", Value.ForString($"b{batch:D5}")), ("payload", payload))));
                try
                {
                    var reply = await client.BatchObjectsAsync(request);
                    Assert.Empty(reply.Errors);
                    accepted.Add(batch);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    Assert.NotNull(ex.Trailers.GetValue("grpc-retry-pushback-ms"));
                    refused.Add(batch);
                }
            }
        })));

        Assert.NotEmpty(accepted);
        Assert.NotEmpty(refused);
        await AssertStoredExactlyAsync(server, accepted);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    /// <summary>The stored ids are exactly those of the accepted batches: none missing, none of a refused batch.</summary>
    private static async Task AssertStoredExactlyAsync(TestServer server, IEnumerable<int> accepted)
    {
        var expected = accepted.SelectMany(b => Enumerable.Range(0, ObjectsPerBatch).Select(i => FloodId(b, i))).ToHashSet(StringComparer.Ordinal);
        using var channel = server.GrpcChannel();
        var client = new WeaviateClient(channel);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            // Only the small property: the payloads are not needed to know which objects exist.
            var request = new SearchRequest
            {
                Collection = "Flood", Limit = 500, Uses127Api = true,
                Metadata = new MetadataRequest { Uuid = true },
                Properties = new PropertiesRequest { NonRefProperties = { "tag" } },
            };
            if (after is not null) request.After = after;
            var page = (await client.SearchAsync(request)).Results.Select(r => r.Metadata.Id).ToList();
            if (page.Count == 0) break;
            foreach (var id in page) Assert.True(stored.Add(id), $"{id} listed twice");
            after = page[^1];
        }
        var missing = expected.Except(stored).Take(5).ToList();
        var extra = stored.Except(expected).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"accepted but not stored: [{string.Join(", ", missing)}]; stored but refused: [{string.Join(", ", extra)}]");
    }

    /// <summary>
    /// One batch of <see cref="ObjectsPerBatch"/> objects with large payloads, written as it is sent with its exact length
    /// declared: the senders themselves hold next to nothing, so what the process holds is the server's.
    /// </summary>
    private sealed class FloodBatchContent : HttpContent
    {
        private static readonly byte[] Open = "{\"objects\":["u8.ToArray();
        private static readonly byte[] Close = "]}"u8.ToArray();
        private static readonly byte[] Payload = Encoding.ASCII.GetBytes(new string('p', RestPayloadBytes));
        private static readonly byte[] ObjectEnd = "\"}}"u8.ToArray();
        private readonly int _batch;
        private readonly long _length;

        public FloodBatchContent(int batch)
        {
            _batch = batch;
            _length = Open.Length + Close.Length + (ObjectsPerBatch - 1)
                      + Enumerable.Range(0, ObjectsPerBatch).Sum(i => (long)ObjectStart(i).Length + Payload.Length + ObjectEnd.Length);
            Headers.ContentType = new("application/json");
            Headers.ContentLength = _length;
        }

        private byte[] ObjectStart(int i) =>
            Encoding.ASCII.GetBytes($"{{\"class\":\"Flood\",\"id\":\"{FloodId(_batch, i)}\",\"properties\":{{\"tag\":\"b{_batch:D5}\",\"payload\":\"");

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Open);
            for (var i = 0; i < ObjectsPerBatch; i++)
            {
                if (i > 0) await stream.WriteAsync(","u8.ToArray());
                await stream.WriteAsync(ObjectStart(i));
                await stream.WriteAsync(Payload);
                await stream.WriteAsync(ObjectEnd);
            }
            await stream.WriteAsync(Close);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }

    /// <summary>
    /// The live managed memory of the process, after a full collection, sampled while a flood runs: what is held, not
    /// what is waiting for a collection.
    /// </summary>
    private sealed class MemorySampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly long _rest;
        private readonly Task<long> _peak;

        private MemorySampler()
        {
            _rest = GC.GetTotalMemory(forceFullCollection: true);
            _peak = Task.Run(SampleAsync);
        }

        public static MemorySampler Start() => new();

        private async Task<long> SampleAsync()
        {
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
            }
            return peak;
        }

        public async Task<long> PeakAboveRestAsync()
        {
            await _stop.CancelAsync();
            return Math.Max(0, await _peak - _rest);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _peak;
            _stop.Dispose();
        }
    }
}
