using System.Diagnostics;
using System.Globalization;
using Barge.Server.Grpc.Protocol;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Grpc.Core;

namespace Barge.Bench;

/// <summary>
/// Keyword (BM25F) query latency over a large store of articles (bench/keyword.sh): the store is pre-filled with the
/// engine inserter (the growth benchmark's articles, objects and filter postings as Barge writes them) and marked as a
/// store that predates the keyword index, so that <c>barge serve</c> builds that index once when it opens (the time
/// to ready is reported). Then one client sends each query over gRPC Search (limit 10, scores asked for) one after
/// the other: a warm-up, then the measured runs, p50 and p99 per query.
/// </summary>
public static class KeywordBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // The server's message classes; the service stub is not generated for the bench, so the method is named here.
    private static readonly Method<SearchRequest, SearchReply> Search = new(MethodType.Unary, "weaviate.v1.Weaviate", "Search",
        Marshallers.Create<SearchRequest>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), SearchRequest.Parser.ParseFrom),
        Marshallers.Create<SearchReply>(r => Google.Protobuf.MessageExtensions.ToByteArray(r), SearchReply.Parser.ParseFrom));

    private sealed record Query(string Name, string Text, bool All, Filters? Filter);

    public static async Task<int> RunAsync(Options o)
    {
        var data = o.Get("data");
        var count = o.Has("count") ? o.Long("count") : 1_000_000;
        var runs = o.Int("runs", 200);
        var warmup = o.Int("warmup-runs", 20);
        var db = Path.Combine(data, "barge.db");
        Directory.CreateDirectory(data);

        var sw = Stopwatch.StartNew();
        var onPostgres = o.Get("storage", "sqlite") == "postgres";
        // --storage postgres: a throwaway PostgreSQL on the server's core, filled through the server's batch route
        // (the engine inserter writes SQLite files only), so the keyword index is written as objects arrive.
        // The cluster is kept in <data>/postgres and its articles in the query benchmark's schema (same class, same
        // articles), so that either benchmark reuses the other's load of the same count.
        await using var postgres = onPostgres ? await BenchPostgres.StartOrResumeAsync(Path.GetFullPath(o.Get("repo")), data, "1") : null;
        var loadedMark = Path.Combine(data, $"query-bench-loaded-{count}");
        if (!onPostgres)
        {
            await Baseline.PrefillAsync(db, o.Get("migrations"), SchemaVariant.Defaults, count, 50_000);
        }
        var prefill = sw.Elapsed.TotalSeconds;
        if (!onPostgres) Console.Error.WriteLine(string.Create(Inv, $"keyword: {count:N0} articles pre-filled in {prefill:F0} s"));

        sw.Restart();
        await using var server = await ServerProcess.StartAsync(o.Get("barge"), data, "1", postgres is null ? null : await postgres.KeptSchemaArgsAsync("bench_query"));
        var ready = sw.Elapsed.TotalSeconds;
        Console.Error.WriteLine(string.Create(Inv, $"keyword: server ready in {ready:F0} s{(onPostgres ? "" : " (the keyword index built on open)")}"));
        if (onPostgres && !File.Exists(loadedMark))
        {
            sw.Restart();
            await FillAsync(server.Address, count);
            prefill = sw.Elapsed.TotalSeconds;
            await File.WriteAllTextAsync(loadedMark, string.Create(Inv, $"{prefill:F0} s ({count / prefill:N0} obj/s)"));
            Console.Error.WriteLine(string.Create(Inv, $"keyword: {count:N0} articles imported into PostgreSQL in {prefill:F0} s"));
        }
        else if (onPostgres) prefill = 0;
        using var channel = GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        var invoker = channel.CreateCallInvoker();
        Task<SearchReply> SearchAsync(SearchRequest request) => invoker.AsyncUnaryCall(Search, null, new CallOptions(), request).ResponseAsync;

        var rare = o.Get("rare", Articles.RarestWord);
        Query[] queries =
        [
            new("common word", "from", false, null),
            new("rare word", rare, false, null),
            new("two words, OR", "data river", false, null),
            new("two words, AND", "data river", true, null),
            new("common word, filter published = true", "from", false, Published()),
            new("two words OR, filter tags contains tag07", "data river", false, Tag("tag07")),
        ];
        // Server CPU per query (utime + stime over the runs): what a query costs its one core, whatever else the
        // machine runs; the wall times include waiting for that core.
        Console.WriteLine(string.Create(Inv, $"| query | text | results | p50 ms | p99 ms | mean ms | server CPU ms/query |"));
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var q in queries)
        {
            var request = Request(q);
            var results = 0;
            for (var i = 0; i < warmup; i++) results = (await SearchAsync(request)).Results.Count;
            var times = new List<double>(runs);
            var cpu = server.CpuSeconds();
            for (var i = 0; i < runs; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await SearchAsync(request);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            cpu = (server.CpuSeconds() - cpu) * 1000 / runs;
            times.Sort();
            Console.WriteLine(string.Create(Inv,
                $"| {q.Name} | `{q.Text}`{(q.All ? " (AND)" : "")} | {results} | {Stats.Percentile(times, 0.5):F1} | {Stats.Percentile(times, 0.99):F1} | {times.Average():F1} | {cpu:F1} |"));
        }
        Console.WriteLine(string.Create(Inv,
            $"\n{count:N0} articles{(onPostgres ? " on PostgreSQL (server CPU excludes PostgreSQL's own)" : "")}; pre-fill {prefill:F0} s; {(onPostgres ? "open" : "open with the keyword index built")} {ready:F0} s; server peak RSS {server.PeakRssMiB():F0} MiB; server cores {server.AllowedCpus()}; {runs} runs per query after {warmup} warm-up runs."));
        await server.StopAsync();
        return 0;
    }

    /// <summary>The Article class and <paramref name="count"/> articles through POST /v1/batch/objects, two requests in flight.</summary>
    private static async Task FillAsync(Uri address, long count)
    {
        await ImportBench.CreateClassAsync(address, SchemaVariant.Defaults);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        const int batch = 1_000;
        var next = -batch;
        async Task LoopAsync()
        {
            for (long first = Interlocked.Add(ref next, batch); first < count; first = Interlocked.Add(ref next, batch))
            {
                using var body = new ByteArrayContent(Articles.BatchBody(first, (int)Math.Min(batch, count - first), IdMode.Client));
                body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync("/v1/batch/objects", body);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /v1/batch/objects: {(int)response.StatusCode}");
            }
        }
        await Task.WhenAll(LoopAsync(), LoopAsync());
    }

    private static SearchRequest Request(Query q)
    {
        var request = new SearchRequest
        {
            Collection = Articles.ClassName, Uses127Api = true, Limit = 10,
            Metadata = new MetadataRequest { Uuid = true, Score = true },
            Bm25Search = new BM25 { Query = q.Text },
        };
        if (q.All) request.Bm25Search.SearchOperator = new SearchOperatorOptions { Operator = SearchOperatorOptions.Types.Operator.And };
        if (q.Filter is not null) request.Filters = q.Filter;
        return request;
    }

    private static Filters Published() =>
        new() { Operator = Filters.Types.Operator.Equal, Target = new FilterTarget { Property = "published" }, ValueBoolean = true };

    private static Filters Tag(string tag) =>
        new() { Operator = Filters.Types.Operator.ContainsAny, Target = new FilterTarget { Property = "tags" }, ValueTextArray = new TextArray { Values = { tag } } };
}
