using System.Diagnostics;
using System.Globalization;
using Barge.Server.Grpc.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace Barge.Bench;

/// <summary>
/// Filter query cost over a large store of articles (bench/query.sh): the store is loaded through the server's own
/// gRPC <c>BatchObjects</c> (so any build that speaks the API can be measured on the same data, whatever its storage
/// layout), then one client sends each filter over gRPC <c>Search</c> (the first page of 100) and <c>Aggregate</c>
/// (the count of every match) one after the other, and finally deletes about 1,000 objects at a time with
/// <c>BatchDelete</c>. Per query: p50 and p99 wall time and the server's CPU time per query.
/// </summary>
public static class QueryBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly DateTime Epoch = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // The articles' publishedAt spans ten years; a window of a thousandth of it holds about 1,000 of 1 M articles.
    private static readonly TimeSpan Span = TimeSpan.FromDays(10 * 365);

    private static Method<TRequest, TReply> Unary<TRequest, TReply>(string name, Google.Protobuf.MessageParser<TRequest> request, Google.Protobuf.MessageParser<TReply> reply)
        where TRequest : Google.Protobuf.IMessage<TRequest> where TReply : Google.Protobuf.IMessage<TReply> =>
        new(MethodType.Unary, "weaviate.v1.Weaviate", name,
            Marshallers.Create<TRequest>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), request.ParseFrom),
            Marshallers.Create<TReply>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), reply.ParseFrom));

    private static readonly Method<SearchRequest, SearchReply> SearchMethod = Unary("Search", SearchRequest.Parser, SearchReply.Parser);
    private static readonly Method<AggregateRequest, AggregateReply> AggregateMethod = Unary("Aggregate", AggregateRequest.Parser, AggregateReply.Parser);
    private static readonly Method<BatchDeleteRequest, BatchDeleteReply> DeleteMethod = Unary("BatchDelete", BatchDeleteRequest.Parser, BatchDeleteReply.Parser);

    private sealed record Query(string Name, Filters Filter);

    public static async Task<int> RunAsync(Options o)
    {
        var data = o.Get("data");
        var count = o.Has("count") ? o.Long("count") : 1_000_000;
        var runs = o.Int("runs", 50);
        var warmup = o.Int("warmup-runs", 5);
        var deletes = o.Int("deletes", 10);
        Directory.CreateDirectory(data);
        var loadedMark = Path.Combine(data, $"query-bench-loaded-{count}");

        // --storage postgres: a PostgreSQL cluster kept in <data>/postgres (resumed on later runs), on the server's
        // core, so that Barge and its database share the one core the SQLite runs get.
        var onPostgres = o.Get("storage", "sqlite") == "postgres";
        await using var postgres = onPostgres ? await BenchPostgres.StartOrResumeAsync(Path.GetFullPath(o.Get("repo")), data, "1") : null;
        var storageArgs = postgres is null ? null : await postgres.KeptSchemaArgsAsync("bench_query");
        await using var server = await ServerProcess.StartAsync(o.Get("barge"), data, "1", storageArgs);
        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        var invoker = channel.CreateCallInvoker();

        var load = "reused";
        if (!File.Exists(loadedMark))
        {
            await ImportBench.CreateClassAsync(server.Address, SchemaVariant.Defaults);
            var sw = Stopwatch.StartNew();
            await LoadAsync(channel, count);
            load = string.Create(Inv, $"{sw.Elapsed.TotalSeconds:F0} s ({count / sw.Elapsed.TotalSeconds:N0} obj/s)");
            await File.WriteAllTextAsync(loadedMark, load);
            Console.Error.WriteLine($"query: {count:N0} articles loaded in {load}");
        }

        await SettleAsync(server);

        Query[] queries =
        [
            new("Equal, a common word", Text("body", Filters.Types.Operator.Equal, "data")),
            new("Equal, a rare word", Text("body", Filters.Types.Operator.Equal, Articles.RarestWord)),
            new("And of two words", And(Text("body", Filters.Types.Operator.Equal, "data"), Text("body", Filters.Types.Operator.Equal, "river"))),
            new("Like prefix", Text("body", Filters.Types.Operator.Like, "riv*")),
            new("int range", Int("wordCount", Filters.Types.Operator.GreaterThanEqual, 41)),
            new("date range", Text("publishedAt", Filters.Types.Operator.GreaterThanEqual, "2024-07-01T00:00:00Z")),
            new("ContainsAny on tags", new Filters
            {
                Operator = Filters.Types.Operator.ContainsAny, Target = new FilterTarget { Property = "tags" },
                ValueTextArray = new TextArray { Values = { "tag07", "tag31" } },
            }),
        ];

        // Server CPU per query (utime + stime over the runs): what a query costs its one core, whatever else the
        // machine runs; the wall times include waiting for that core.
        Console.WriteLine("| query | kind | matches | p50 ms | p99 ms | mean ms | server CPU ms/query |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var q in queries)
        {
            var matches = 0L;
            var search = new SearchRequest { Collection = Articles.ClassName, Uses127Api = true, Limit = 100, Filters = q.Filter, Metadata = new MetadataRequest { Uuid = true } };
            var aggregate = new AggregateRequest { Collection = Articles.ClassName, ObjectsCount = true, Filters = q.Filter };
            await MeasureAsync(q.Name, "Search, first 100", runs, warmup, server,
                async () => _ = (await invoker.AsyncUnaryCall(SearchMethod, null, new CallOptions(), search)).Results.Count, () => "≤ 100");
            await MeasureAsync(q.Name, "Aggregate count", runs, warmup, server,
                async () => matches = (await invoker.AsyncUnaryCall(AggregateMethod, null, new CallOptions(), aggregate)).SingleResult.ObjectsCount,
                () => matches.ToString("N0", Inv));
        }

        // Each delete takes the next window of publishedAt that no earlier run (of this store) deleted from.
        var windowMark = Path.Combine(data, "query-bench-next-window");
        var window = File.Exists(windowMark) ? int.Parse(await File.ReadAllTextAsync(windowMark), Inv) : 0;
        var deleted = new List<long>(deletes);
        var times = new List<double>(deletes);
        var cpu = server.CpuSeconds();
        for (var d = 0; d < deletes; d++, window++)
        {
            var from = Epoch + Span * (window / 1000.0);
            var request = new BatchDeleteRequest
            {
                Collection = Articles.ClassName,
                Filters = And(Text("publishedAt", Filters.Types.Operator.GreaterThanEqual, Rfc3339(from)),
                    Text("publishedAt", Filters.Types.Operator.LessThan, Rfc3339(from + Span / 1000))),
            };
            var t = Stopwatch.GetTimestamp();
            var reply = await invoker.AsyncUnaryCall(DeleteMethod, null, new CallOptions(), request);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            deleted.Add(reply.Successful);
        }
        cpu = (server.CpuSeconds() - cpu) * 1000 / deletes;
        await File.WriteAllTextAsync(windowMark, window.ToString(Inv));
        times.Sort();
        Console.WriteLine(string.Create(Inv,
            $"| delete-by-query, a publishedAt window | BatchDelete | {deleted.Average():N0} deleted per run | {Stats.Percentile(times, 0.5):F1} | {Stats.Percentile(times, 0.99):F1} | {times.Average():F1} | {cpu:F1} |"));

        Console.WriteLine(string.Create(Inv,
            $"\n{count:N0} articles (defaults schema{(onPostgres ? "; PostgreSQL on the server's core, server CPU excludes PostgreSQL's own" : "")}); load {load}; server peak RSS {server.PeakRssMiB():F0} MiB; server cores {server.AllowedCpus()}; {runs} runs per query after {warmup} warm-up runs; {deletes} deletes."));
        await server.StopAsync();
        return 0;
    }

    /// <summary>
    /// Waits (up to two minutes) until the server has used under 5 % of its core for two seconds: after a start it may
    /// still be working in the background (a migration's backfill, the index garbage collector catching up after
    /// earlier deletes), and that CPU would be counted against the first queries.
    /// </summary>
    private static async Task SettleAsync(ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var quiet = 0;
        while (quiet < 2 && DateTime.UtcNow < deadline)
        {
            var cpu = server.CpuSeconds();
            await Task.Delay(1000);
            quiet = server.CpuSeconds() - cpu < 0.05 ? quiet + 1 : 0;
        }
    }

    private static async Task MeasureAsync(string name, string kind, int runs, int warmup, ServerProcess server, Func<Task> call, Func<string> matches)
    {
        for (var i = 0; i < warmup; i++) await call();
        var times = new List<double>(runs);
        var cpu = server.CpuSeconds();
        for (var i = 0; i < runs; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await call();
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        cpu = (server.CpuSeconds() - cpu) * 1000 / runs;
        times.Sort();
        Console.WriteLine(string.Create(Inv,
            $"| {name} | {kind} | {matches()} | {Stats.Percentile(times, 0.5):F1} | {Stats.Percentile(times, 0.99):F1} | {times.Average():F1} | {cpu:F1} |"));
    }

    /// <summary>
    /// Objects 0..count-1 in batches of 1,000 on two connections, each batch built while the other is in flight;
    /// any failed object stops the bench (the queries would be measured on the wrong data).
    /// </summary>
    private static async Task LoadAsync(GrpcChannel channel, long count)
    {
        const int batch = 1000;
        var invoker = channel.CreateCallInvoker();
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "weaviate.v1.Weaviate", "BatchObjects", bytes, bytes);
        var next = -1L;
        async Task LoopAsync()
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) * batch < count)
            {
                var first = n * batch;
                var body = Articles.GrpcBatchBody(first, (int)Math.Min(batch, count - first));
                var reply = BatchObjectsReply.Parser.ParseFrom(await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(5)), body));
                if (reply.Errors.Count > 0)
                    throw new InvalidOperationException($"load: object {first + reply.Errors[0].Index} failed: {reply.Errors[0].Error}");
            }
        }
        await Task.WhenAll(LoopAsync(), LoopAsync());
    }

    private static string Rfc3339(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);

    private static Filters Text(string property, Filters.Types.Operator op, string value) =>
        new() { Operator = op, Target = new FilterTarget { Property = property }, ValueText = value };

    private static Filters Int(string property, Filters.Types.Operator op, long value) =>
        new() { Operator = op, Target = new FilterTarget { Property = property }, ValueInt = value };

    private static Filters And(params Filters[] operands)
    {
        var and = new Filters { Operator = Filters.Types.Operator.And };
        and.Filters_.AddRange(operands);
        return and;
    }
}
