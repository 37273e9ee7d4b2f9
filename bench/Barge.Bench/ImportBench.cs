using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Barge.Bench;

/// <summary>
/// The parts of <c>bench/import.sh</c> written in C#: the input file (<c>jsonl</c>), the class (<c>class</c>), and
/// the ingest benchmark's rate on the same objects in the same run (<c>load</c>), the rate <c>barge import</c> is
/// held against.
/// </summary>
public static class ImportBench
{
    /// <summary>
    /// Objects 0..count-1 of the articles workload as flat JSON Lines, the way a user's export looks: the client id
    /// in <c>id</c>, the properties as fields. The same objects (same ids, same values) as the load generator sends.
    /// </summary>
    public static void WriteJsonLines(string path, long count)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var newline = "\n"u8.ToArray();
        using var w = new Utf8JsonWriter(file);
        for (long i = 0; i < count; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", Articles.ClientId(i).ToString("D"));
            Articles.WriteProperties(w, Articles.Values(i));
            w.WriteEndObject();
            w.Flush();
            file.Write(newline);
            w.Reset();
        }
    }

    /// <summary>Creates the Article class (<paramref name="schema"/> variant) on a running server.</summary>
    public static async Task CreateClassAsync(Uri url, SchemaVariant schema)
    {
        using var http = new HttpClient { BaseAddress = url };
        var body = new StringContent(Articles.SchemaRequest(schema).ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync("/v1/schema", body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /v1/schema: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The ingest benchmark's load on a fresh server (pinned to core 1): the class, then <paramref name="connections"/>
    /// loops of pre-built batch bodies of the same client-id objects as the file, warm-up then measured window.
    /// Prints one JSON line: the acknowledged objects per second in the window, the server's CPU and peak RSS.
    /// </summary>
    public static async Task<int> LoadAsync(Options o)
    {
        var schema = Articles.ParseSchema(o.Get("schema"));
        var batch = o.Int("batch");
        var pool = BodyPool.Build(batch, IdMode.Client, o.Long("objects"), 0);
        await using var server = await ServerProcess.StartAsync(o.Get("barge"), o.Get("data"), "1");
        await CreateClassAsync(server.Address, schema);
        var load = await LoadRunner.RunAsync(server, pool, o.Int("conns"), o.Double("warmup"), o.Double("measure"));
        var peak = server.PeakRssMiB();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"objectsPerSecond":{{load.ObjectsPerSecond:F0}},"p99Ms":{{load.P99Ms:F0}},"serverCpuPercent":{{load.ServerCpuPercent:F0}},"serverPeakRssMiB":{{peak:F0}},"failedItems":{{load.FailedItems}},"failedRequests":{{load.FailedRequests}},"poolExhausted":{{(load.PoolExhausted ? "true" : "false")}}}"""));
        await server.StopAsync();
        return load.FailedItems + load.FailedRequests == 0 ? 0 : 1;
    }
}
