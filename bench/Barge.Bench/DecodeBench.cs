using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Barge.Server.Grpc;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Http;
using Barge.Server.Weaviate;

namespace Barge.Bench;

/// <summary>
/// <c>decode</c>: the transport-specific step of one batch, in this process, with the server's own code: REST's parse
/// of a <c>POST /v1/batch/objects</c> body (the body's checks, one document, an <see cref="Barge.Core.Objects.ObjectInput"/>
/// per object) against gRPC's protobuf parse of the same objects' <c>BatchObjectsRequest</c> and its mapping to the
/// same inputs (<see cref="BatchObjectMapping"/>). Everything after (validation, the writer, the store) is the same
/// code on both transports. Reports, per batch, the best wall time of <c>--rounds</c> rounds of <c>--reps</c>
/// repetitions (run it pinned to one core: <c>taskset -c 0</c>) and the bytes allocated, which the machine's load
/// does not move.
/// </summary>
internal static class DecodeBench
{
    private const int MaxJsonDepth = 64; // BargeOptions' default

    public static int Run(Options options)
    {
        var count = options.Int("objects", 1000);
        var reps = options.Int("reps", 40);
        var rounds = options.Int("rounds", 15);
        var rest = Articles.BatchBody(0, count, IdMode.Client);
        var grpc = Articles.GrpcBatchBody(0, count);
        Console.WriteLine($"decode: {count} articles, {rest.Length:N0} B of JSON, {grpc.Length:N0} B of protobuf; vector dims {Articles.VectorDimensions}; " +
                          $"best of {rounds} rounds × {reps} repetitions, ms and KiB allocated per batch");

        var copy = new byte[rest.Length];
        Report("REST: body checks + JSON parse + ObjectWire.Read", () =>
        {
            rest.CopyTo(copy, 0); // the body is repaired in place, as JsonBody does with the buffer it read
            JsonStrings.RepairLoneSurrogates(copy);
            using var document = JsonDocument.Parse(copy, new JsonDocumentOptions { MaxDepth = MaxJsonDepth, AllowDuplicateProperties = false });
            var n = 0;
            foreach (var item in document.RootElement.GetProperty("objects").EnumerateArray())
                if (ObjectWire.Read(item, "body.objects.").Error is null) n++;
            return n;
        }, reps, rounds);
        Report("gRPC: request read (RawBatchObjects.ReadRequest)", () =>
        {
            using var raw = Parse(grpc).Raw!;
            return raw.Count;
        }, reps, rounds);
        using var parsed = Parse(grpc).Raw!;
        Report("gRPC: mapping (BatchObjectMapping.Map)", () =>
        {
            using var mapping = BatchObjectMapping.Map(parsed, MaxJsonDepth);
            return mapping.Inputs.Count(i => i.Refused is null);
        }, reps, rounds);
        Report("gRPC: read + mapping", () =>
        {
            using var raw = Parse(grpc).Raw!;
            using var mapping = BatchObjectMapping.Map(raw, MaxJsonDepth);
            return mapping.Inputs.Count(i => i.Refused is null);
        }, reps, rounds);
        return 0;
    }

    /// <summary>As the server's marshaller reads the request (a sequence over the received bytes), objects left as bytes.</summary>
    private static BatchObjectsRequest Parse(byte[] bytes) => RawBatchObjects.ReadRequest(new ReadOnlySequence<byte>(bytes));

    private static void Report(string name, Func<int> step, int reps, int rounds)
    {
        for (var i = 0; i < reps; i++) step(); // warm-up (tiering)
        var best = double.MaxValue;
        long allocated = 0;
        for (var r = 0; r < rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < reps; i++) step();
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds / reps);
            allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / reps;
        }
        Console.WriteLine($"  {name,-50} {best,8:F2} ms  {allocated / 1024.0,10:N0} KiB");
    }
}
