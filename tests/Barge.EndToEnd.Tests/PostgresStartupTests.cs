using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Barge.EndToEnd.Tests;

/// <summary>
/// <c>barge serve</c> started before its PostgreSQL accepts connections (compose, Kubernetes) waits for it (up to
/// 30 s) instead of exiting: here the database is behind a <see cref="TcpForwarder"/> that refuses connections for
/// the first seconds, as a server still starting does.
/// </summary>
public sealed class PostgresStartupTests
{
    /// <summary>Long enough for barge to start and be refused at least once; well inside its 30 s of retries.</summary>
    private static readonly TimeSpan Starting = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Barge_started_before_PostgreSQL_listens_waits_for_it_and_then_serves()
    {
        await using var data = await BargeData.CreatePostgresAsync();
        var server = new NpgsqlConnectionStringBuilder(data.PostgresConnectionString);
        await using var forwarder = new TcpForwarder(server.Host!, server.Port);
        var viaForwarder = new NpgsqlConnectionStringBuilder(data.PostgresConnectionString) { Host = "127.0.0.1", Port = forwarder.Port };

        var starting = BargeProcess.StartAsync(["--storage", "postgres", "--postgres", viaForwarder.ConnectionString]);
        await Task.Delay(Starting);
        var readyWithoutDatabase = starting.IsCompleted;
        forwarder.Listen();
        await using var barge = await starting;

        Assert.False(readyWithoutDatabase, "barge was ready (or gone) before its database accepted a connection");
        using var http = new HttpClient { BaseAddress = barge.Address };
        var created = await http.PostAsync("/v1/schema", Json("""{"class":"Late","properties":[{"name":"title","dataType":["text"]}]}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        string[] ids = ["6d1f2c3a-4b5e-4f60-8a7b-9c0d1e2f3a4b", "7e2a3b4c-5d6f-4a70-9b8c-0d1e2f3a4b5c"];
        var batch = new JsonObject
        {
            ["objects"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject
            {
                ["class"] = "Late", ["id"] = id, ["properties"] = new JsonObject { ["title"] = "written after the wait" },
            }).ToArray()),
        };
        using var written = await http.PostAsync("/v1/batch/objects", Json(batch.ToJsonString()));
        var answer = await written.Content.ReadAsStringAsync();
        Assert.True(written.IsSuccessStatusCode, $"batch: {(int)written.StatusCode} {answer}");
        Assert.All(JsonNode.Parse(answer)!.AsArray(), item => Assert.Equal("SUCCESS", (string?)item!["result"]!["status"]));
        foreach (var id in ids) Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/objects/Late/{id}")).StatusCode);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
