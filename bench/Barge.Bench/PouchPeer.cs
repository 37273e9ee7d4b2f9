using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Barge.Bench;

/// <summary>
/// PouchDB 9 over HTTP (<c>bench/pouch/server.mjs</c>: express-pouchdb on the LevelDB adapter), started under
/// <c>taskset</c> on the server's core, loaded with <c>POST /articles/_bulk_docs</c> of the same articles. The docs
/// carry no <c>_id</c> (PouchDB assigns one, as Barge does with server ids), so the pool of bodies can be reused.
/// </summary>
public static class PouchPeer
{
    public static async Task<PeerResult> RunAsync(string repo, string folder, int batch, int connections, double warmup, double measure)
    {
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var info = new ProcessStartInfo("taskset", ["-c", Orchestrator.ServerCore, "node", Path.Combine(repo, "bench/pouch/server.mjs"), folder, port.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var node = Process.Start(info)!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        node.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("listening", StringComparison.Ordinal) == true) listening.TrySetResult(); };
        node.ErrorDataReceived += (_, e) => { lock (stderr) if (stderr.Length < 2000) stderr.AppendLine(e.Data); };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            (await http.PutAsync("/articles", null)).EnsureSuccessStatusCode();
            var bodies = Enumerable.Range(0, 200).AsParallel().AsOrdered().Select(b => BulkDocs((long)b * batch, batch)).ToArray();
            var media = new MediaTypeHeaderValue("application/json");
            var result = await PeerLoad.RunAsync(connections, warmup, measure, async (_, n) =>
            {
                using var content = new ByteArrayContent(bodies[n % bodies.Length]);
                content.Headers.ContentType = media;
                using var response = await http.PostAsync("/articles/_bulk_docs", content);
                var answer = await response.Content.ReadAsByteArrayAsync();
                if ((int)response.StatusCode != 201) throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(200, answer.Length)))}");
                return CountOk(answer);
            }, () => PeerLoad.ProcessCpuSeconds(node.Id));
            using var info2 = await http.GetAsync("/articles");
            var docCount = JsonDocument.Parse(await info2.Content.ReadAsStringAsync()).RootElement.GetProperty("doc_count").GetInt64();
            if (docCount < result.Acknowledged)
                return result with { FirstError = $"doc_count {docCount} < acknowledged {result.Acknowledged}" };
            return result;
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("the PouchDB server did not start: " + stderr);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }

    /// <summary><c>{"docs":[…]}</c> of articles first..first+count-1, their properties as the document's fields.</summary>
    private static byte[] BulkDocs(long first, int count)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(count * 520 + 32);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("docs");
            for (var k = 0; k < count; k++)
            {
                w.WriteStartObject();
                Articles.WriteProperties(w, Articles.Values(first + k));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The items of a <c>_bulk_docs</c> answer that say <c>"ok":true</c>.</summary>
    private static int CountOk(byte[] answer)
    {
        var ok = 0;
        var span = answer.AsSpan();
        for (var at = span.IndexOf("\"ok\":true"u8); at >= 0; at = span.IndexOf("\"ok\":true"u8))
        {
            ok++;
            span = span[(at + 9)..];
        }
        return ok;
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
