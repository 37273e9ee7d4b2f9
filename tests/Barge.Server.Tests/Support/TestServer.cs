using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Hosting;
using Barge.Testing;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Tests.Support;

/// <summary>
/// A real Barge server on a free loopback port over fresh storage, and an HTTP client for it. The storage is a fresh
/// SQLite data folder, or with <c>BARGE_TEST_STORAGE=postgres</c> a fresh schema on the <c>BARGE_TEST_POSTGRES</c> server
/// (<see cref="TestStorage"/>), dropped when the server is disposed. Tests that read or write the SQLite file itself use
/// <see cref="StartSqliteAsync"/>. Each test class gets its own (xunit class fixture or per test via <see cref="StartAsync"/>).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private PostgresSchema? _schema;

    private TestServer(BargeServer server, BargeOptions options, PostgresSchema? schema)
    {
        Server = server;
        Options = options;
        _schema = schema;
        Client = new HttpClient { BaseAddress = server.Address };
    }

    public BargeServer Server { get; }
    public BargeOptions Options { get; }
    public HttpClient Client { get; }
    /// <summary>The SQLite data folder (meaningful only when <see cref="Storage"/> is SQLite).</summary>
    public string DataPath => Options.DataPath;
    public StorageKind Storage => Options.Storage;

    /// <summary>
    /// Starts a server on the backend <c>BARGE_TEST_STORAGE</c> selects. Passing <paramref name="dataPath"/> (an
    /// existing SQLite data folder) means SQLite, whatever the switch says. <paramref name="logging"/> adds to the
    /// server's logging (a <see cref="CapturedLogs"/> provider, for tests of what is logged).
    /// </summary>
    public static async Task<TestServer> StartAsync(Func<BargeOptions, BargeOptions>? configure = null, string? dataPath = null,
        Action<ILoggingBuilder>? logging = null)
    {
        if (dataPath is not null || !TestStorage.UsePostgres) return await StartSqliteAsync(configure, dataPath, logging);
        return await StartPostgresAsync(configure, logging);
    }

    /// <summary>
    /// Starts a server on a fresh schema of the <c>BARGE_TEST_POSTGRES</c> server whatever <c>BARGE_TEST_STORAGE</c> says:
    /// for tests that use PostgreSQL's own means (triggers, its error codes).
    /// </summary>
    public static async Task<TestServer> StartPostgresAsync(Func<BargeOptions, BargeOptions>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        var schema = await PostgresSchema.CreateAsync();
        try
        {
            var options = new BargeOptions
            {
                // Not created: nothing should write files when the data is in PostgreSQL.
                DataPath = Path.Combine(Path.GetTempPath(), "barge-tests", "unused-" + schema.Name),
                Storage = StorageKind.Postgres,
                PostgresConnectionString = schema.ConnectionString,
                Listen = "127.0.0.1:0",
                GrpcListen = "127.0.0.1:0",
            };
            if (configure is not null) options = configure(options);
            return new TestServer(await BargeServer.StartAsync(options, logging: logging), options, schema);
        }
        catch
        {
            await schema.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a server on SQLite whatever <c>BARGE_TEST_STORAGE</c> says: for tests about the SQLite file itself.</summary>
    public static async Task<TestServer> StartSqliteAsync(Func<BargeOptions, BargeOptions>? configure = null, string? dataPath = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var options = new BargeOptions { DataPath = dataPath ?? NewDataFolder(), Listen = "127.0.0.1:0", GrpcListen = "127.0.0.1:0" };
        if (configure is not null) options = configure(options);
        return new TestServer(await BargeServer.StartAsync(options, logging: logging), options, null);
    }

    public static string NewDataFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "barge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Stops this server and starts a new one on the same data (the same SQLite folder or PostgreSQL schema).</summary>
    public async Task<TestServer> RestartAsync()
    {
        await StopAsync();
        var schema = _schema;
        _schema = null; // the new server owns it now
        var options = Options with { Listen = "127.0.0.1:0", GrpcListen = "127.0.0.1:0" };
        return new TestServer(await BargeServer.StartAsync(options), options, schema);
    }

    /// <summary>
    /// A gRPC channel to the server's gRPC listener (HTTP/2 cleartext); <paramref name="token"/> is sent as
    /// <c>authorization: Bearer</c> on every call. The caller disposes it.
    /// </summary>
    public global::Grpc.Net.Client.GrpcChannel GrpcChannel(string? token = null, int? maxMessageBytes = null)
    {
        var options = new global::Grpc.Net.Client.GrpcChannelOptions { MaxSendMessageSize = maxMessageBytes, MaxReceiveMessageSize = maxMessageBytes };
        if (token is not null)
        {
            var credentials = global::Grpc.Core.CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return Task.CompletedTask;
            });
            options.Credentials = global::Grpc.Core.ChannelCredentials.Create(global::Grpc.Core.ChannelCredentials.Insecure, credentials);
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }
        return global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://{Server.GrpcAddress}", options);
    }

    public Task<Reply> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);
    public Task<Reply> PostAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Post, path, body, token);
    public Task<Reply> PutAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Put, path, body, token);
    public Task<Reply> PatchAsync(string path, object? body, string? token = null) => SendAsync(HttpMethod.Patch, path, body, token);
    public Task<Reply> DeleteAsync(string path, object? body = null, string? token = null) => SendAsync(HttpMethod.Delete, path, body, token);
    public Task<Reply> HeadAsync(string path, string? token = null) => SendAsync(HttpMethod.Head, path, null, token);

    /// <summary>Sends a request; <paramref name="body"/> is a JSON string sent verbatim, a JsonNode, or null for none.</summary>
    public async Task<Reply> SendAsync(HttpMethod method, string path, object? body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body as string ?? ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, content, response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Stops the server and drops its PostgreSQL schema, if it has one.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        var schema = _schema;
        _schema = null;
        if (schema is not null) await schema.DisposeAsync();
    }

    private async Task StopAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An HTTP answer: status, raw body and headers, with the body parsed on demand.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("body is JSON null");

    /// <summary>The message of a Weaviate application error <c>{"error":[{"message"}]}</c>.</summary>
    public string ErrorMessage => (string)Json["error"]![0]!["message"]!;

    public override string ToString() => $"{Status} {Body}";
}
