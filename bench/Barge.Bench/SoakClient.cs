using System.Globalization;
using System.Net;
using System.Text;
using Barge.Server.Grpc.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace Barge.Bench;

/// <summary>
/// The soak's one way to talk to the server over REST and gRPC: every answer is counted in the tally by operation and
/// outcome, every 5xx (or broken gRPC status, or missing answer) is a violation. A 429 / RESOURCE_EXHAUSTED is waited
/// out and sent again (the server refused it before doing anything), as a client is asked to.
/// </summary>
public sealed class SoakClient : IDisposable
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static Method<byte[], byte[]> Unary(string name) => new(MethodType.Unary, "weaviate.v1.Weaviate", name, Bytes, Bytes);

    public static readonly Method<byte[], byte[]> BatchObjects = Unary("BatchObjects");
    public static readonly Method<byte[], byte[]> Search = Unary("Search");
    public static readonly Method<byte[], byte[]> Aggregate = Unary("Aggregate");
    public static readonly Method<byte[], byte[]> BatchDelete = Unary("BatchDelete");

    private readonly HttpClient _http;
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;

    public SoakClient(Uri rest, string grpc, SoakTally tally)
    {
        Tally = tally;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = rest, Timeout = TimeSpan.FromMinutes(2),
        };
        _channel = GrpcChannel.ForAddress($"http://{grpc}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false },
            MaxReceiveMessageSize = null, MaxSendMessageSize = null, DisposeHttpClient = true,
        });
        _invoker = _channel.CreateCallInvoker();
    }

    public SoakTally Tally { get; }

    /// <summary>Sends one REST request (again after a 429); null when no answer came (counted as a failure).</summary>
    public async Task<(HttpStatusCode Status, string Body)?> SendAsync(string op, HttpMethod method, string path, string? json = null, string? batchId = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            if (batchId is not null) request.Headers.Add("X-Batch-Id", batchId);
            HttpResponseMessage response;
            try { response = await _http.SendAsync(request); }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Tally.Count(op, "no answer");
                Tally.Violation($"{op} {method} {path}: no answer ({ex.GetType().Name}: {ex.Message})");
                return null;
            }
            using (response)
            {
                var code = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                Tally.Count(op, code >= 500 ? $"5xx {code}" : code >= 400 ? $"4xx {code}" : "2xx");
                if (code >= 500) Tally.Violation($"{op} {method} {path}: {code} {Trim(body)}");
                if (code == 429 && attempt < 50)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait);
                    continue;
                }
                return (response.StatusCode, body);
            }
        }
    }

    /// <summary>Sends one gRPC call (again after RESOURCE_EXHAUSTED); null when it failed (counted).</summary>
    public async Task<byte[]?> CallAsync(string op, Method<byte[], byte[]> method, byte[] request)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var reply = await _invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(2)), request);
                Tally.Count(op, "gRPC OK");
                return reply;
            }
            catch (RpcException ex)
            {
                var outcome = "gRPC " + ex.StatusCode.ToString();
                Tally.Count(op, outcome);
                if (SoakTally.IsServerFailure(outcome)) Tally.Violation($"{op} gRPC {method.Name}: {ex.StatusCode} {Trim(ex.Status.Detail)}");
                if (ex.StatusCode == StatusCode.ResourceExhausted && attempt < 50)
                {
                    await Task.Delay(1000);
                    continue;
                }
                if (!SoakTally.IsServerFailure(outcome)) Tally.Violation($"{op} gRPC {method.Name}: unexpected {ex.StatusCode} {Trim(ex.Status.Detail)}");
                return null;
            }
        }
    }

    private static string Trim(string s) => s.Length <= 300 ? s : s[..300] + "…";

    public static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _http.Dispose();
        _channel.Dispose();
    }
}
