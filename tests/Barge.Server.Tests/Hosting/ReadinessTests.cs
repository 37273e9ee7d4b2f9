using System.Net;
using System.Text;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Barge.Server.Tests.Hosting;

/// <summary>
/// Readiness is the store's: <c>/v1/.well-known/ready</c> answers 503 and the gRPC health service NOT_SERVING while
/// PostgreSQL is stopped, both come back once it runs again, and <c>live</c> stays 200 throughout (a restart of Barge
/// would not bring the database back). The server is a PostgreSQL of this test's own, which it stops and restarts.
/// </summary>
public sealed class ReadinessTests
{
    /// <summary>How long a change of the database's state may take to show: a deadline for what must happen, not a timing.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ready_and_grpc_health_follow_postgresql_through_a_stop_and_a_restart()
    {
        await using var postgres = await ThrowawayPostgres.StartAsync();
        await using var server = await BargeServer.StartAsync(new BargeOptions
        {
            DataPath = Path.Combine(Path.GetTempPath(), "barge-tests", "unused-" + Guid.NewGuid().ToString("N")),
            Storage = StorageKind.Postgres,
            PostgresConnectionString = postgres.ConnectionString,
            Listen = "127.0.0.1:0",
            GrpcListen = "127.0.0.1:0",
        });
        using var http = new HttpClient { BaseAddress = server.Address };
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://{server.GrpcAddress}");
        var health = new Health.HealthClient(channel);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/v1/.well-known/ready"));
        Assert.Equal(ServingStatus.Serving, await HealthAsync(health, ""));

        await postgres.HaltAsync();
        await EventuallyAsync(async () => await StatusAsync(http, "/v1/.well-known/ready") == HttpStatusCode.ServiceUnavailable,
            "ready still answered 200 after PostgreSQL stopped");
        foreach (var service in new[] { "", "weaviate.v1.Weaviate", "/grpc.health.v1.Health/Check" })
            Assert.Equal(ServingStatus.NotServing, await HealthAsync(health, service));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/v1/.well-known/live"));

        await postgres.ResumeAsync();
        await EventuallyAsync(async () => await StatusAsync(http, "/v1/.well-known/ready") == HttpStatusCode.OK,
            "ready did not answer 200 again after PostgreSQL restarted");
        Assert.Equal(ServingStatus.Serving, await HealthAsync(health, "weaviate.v1.Weaviate"));
        // Ready means usable: a batch is written through the writer's replaced connection.
        using var written = await http.PostAsync("/v1/batch/objects", new StringContent(
            """{"objects":[{"class":"Back","id":"00000000-0000-4000-8000-000000000001","properties":{"title":"after the restart"}}]}""",
            Encoding.UTF8, "application/json"));
        var answer = await written.Content.ReadAsStringAsync();
        Assert.True(written.StatusCode == HttpStatusCode.OK && answer.Contains("SUCCESS", StringComparison.Ordinal), answer);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    private static async Task<ServingStatus> HealthAsync(Health.HealthClient health, string service) =>
        (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status;

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }
}
