using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Barge.Client.Batching;
using Barge.Client.Wire;
using Microsoft.Extensions.Http.Resilience;

namespace Barge.Client;

/// <summary>
/// A typed client for Barge on the Weaviate v1 REST wire (schema, objects, batches, delete by query) and Barge's
/// batch journal (<c>/api/batch/v1</c>). Every request is retried by <see cref="RetryRules"/>. Thread-safe; one per
/// server is enough. <see cref="Batch"/> starts a batcher for bulk writes.
/// </summary>
public sealed class BargeClient : IDisposable
{
    private readonly HttpClient _http;

    public BargeClient(string url, string? apiKey = null, BargeClientOptions? options = null)
        : this(new Uri(url.EndsWith('/') ? url : url + "/"), apiKey, options) { }

    public BargeClient(Uri baseAddress, string? apiKey = null, BargeClientOptions? options = null)
    {
        options ??= new BargeClientOptions();
        var transport = options.Handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        _http = new HttpClient(new ResilienceHandler(RetryRules.Pipeline(options)) { InnerHandler = transport })
        {
            BaseAddress = baseAddress,
            // Each attempt has its own timeout (BargeClientOptions.AttemptTimeout); the whole call may retry for longer.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (apiKey is { Length: > 0 }) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("barge-client", typeof(BargeClient).Assembly.GetName().Version?.ToString(3)));
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Starts a batcher: add objects and references, it sends them in chunks and reports each item.</summary>
    public Batcher Batch(BatchOptions? options = null) => new(this, options ?? new BatchOptions());

    // ---- meta and schema ----

    public Task<ServerMeta> MetaAsync(CancellationToken ct = default) => GetAsync("v1/meta", ClientJson.Default.ServerMeta, ct)!;

    public async Task<SchemaDocument> GetSchemaAsync(CancellationToken ct = default) =>
        await GetAsync("v1/schema", ClientJson.Default.SchemaDocument, ct) ?? new SchemaDocument();

    /// <summary>The class, or null when it does not exist.</summary>
    public Task<ClassDefinition?> GetClassAsync(string className, CancellationToken ct = default) =>
        GetOrNullAsync($"v1/schema/{Escape(className)}", ClientJson.Default.ClassDefinition, ct);

    public async Task CreateClassAsync(ClassDefinition definition, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "v1/schema", Json(definition, ClientJson.Default.ClassDefinition), null, ct);
    }

    public async Task DeleteClassAsync(string className, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"v1/schema/{Escape(className)}", null, null, ct);
    }

    // ---- objects ----

    /// <summary>The object, or null when it does not exist.</summary>
    public Task<WeaviateObject?> GetObjectAsync(string className, string id, bool includeVector = false, CancellationToken ct = default) =>
        GetOrNullAsync($"v1/objects/{Escape(className)}/{Escape(id)}{(includeVector ? "?include=vector" : "")}", ClientJson.Default.WeaviateObject, ct);

    public async Task<WeaviateObject> CreateObjectAsync(WeaviateObject obj, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "v1/objects", Json(obj, ClientJson.Default.WeaviateObject), null, ct);
        return (await ReadAsync(response, ClientJson.Default.WeaviateObject, ct))!;
    }

    public async Task DeleteObjectAsync(string className, string id, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"v1/objects/{Escape(className)}/{Escape(id)}", null, null, ct);
    }

    /// <summary>One page of a class's objects in id order, after the id <paramref name="after"/> (the cursor API).</summary>
    public async Task<ObjectList> ListObjectsAsync(string className, int limit, string? after = null, bool includeVector = false, CancellationToken ct = default)
    {
        var query = new StringBuilder($"v1/objects?class={Escape(className)}&limit={limit.ToString(CultureInfo.InvariantCulture)}");
        if (after is not null) query.Append("&after=").Append(Escape(after));
        if (includeVector) query.Append("&include=vector");
        return await GetAsync(query.ToString(), ClientJson.Default.ObjectList, ct) ?? new ObjectList();
    }

    /// <summary>Every object of a class, page by page with the <c>after</c> cursor: memory holds one page.</summary>
    public async IAsyncEnumerable<WeaviateObject> ReadAllAsync(string className, int pageSize = 1000, bool includeVector = false,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? after = null;
        while (true)
        {
            var page = await ListObjectsAsync(className, pageSize, after, includeVector, ct);
            foreach (var obj in page.Objects) yield return obj;
            if (page.Objects.Count < pageSize || page.Objects[^1].Id is not { } last) yield break;
            after = last;
        }
    }

    // ---- batches ----

    /// <summary><c>POST /v1/batch/objects</c>: one request; the answer has each object's fate in input order.</summary>
    public Task<BatchAnswer<BatchObjectAnswer>> BatchObjectsAsync(IEnumerable<WeaviateObject> objects, BatchHeaders? headers = null, CancellationToken ct = default) =>
        PostBatchAsync("v1/batch/objects", "objects", objects.Select(o => JsonSerializer.SerializeToUtf8Bytes(o, ClientJson.Default.WeaviateObject)).ToList(),
            headers ?? new BatchHeaders(), ClientJson.Default.ListBatchObjectAnswer, null, ct);

    /// <summary><c>POST /v1/batch/references</c>: one request; the answer has each reference's fate in input order.</summary>
    public Task<BatchAnswer<BatchReferenceAnswer>> BatchReferencesAsync(IEnumerable<BatchReference> references, BatchHeaders? headers = null, CancellationToken ct = default) =>
        PostBatchAsync("v1/batch/references", null, references.Select(r => JsonSerializer.SerializeToUtf8Bytes(r, ClientJson.Default.BatchReference)).ToList(),
            headers ?? new BatchHeaders(), ClientJson.Default.ListBatchReferenceAnswer, null, ct);

    /// <summary><c>DELETE /v1/batch/objects</c>: deletes (or with <c>DryRun</c> counts) a class's objects matching a where filter.</summary>
    public async Task<BatchDeleteAnswer> DeleteByQueryAsync(BatchDeleteRequest request, BatchHeaders? headers = null, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, "v1/batch/objects", Json(request, ClientJson.Default.BatchDeleteRequest), headers, ct);
        return (await ReadAsync(response, ClientJson.Default.BatchDeleteAnswer, ct))!;
    }

    /// <summary>
    /// Sends pre-serialized items as one batch. <paramref name="wrapper"/> names the array's member in the body
    /// (<c>objects</c>), or null for a bare array. The body is built once, so every retry sends the same bytes (the
    /// idempotency key's request hash covers them).
    /// </summary>
    internal async Task<BatchAnswer<T>> PostBatchAsync<T>(string path, string? wrapper, IReadOnlyList<byte[]> items, BatchHeaders headers,
        JsonTypeInfo<List<T>> answerType, Action<RetryEvent>? onRetry, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, path + headers.Query, new ByteArrayContent(BatchBody.Build(wrapper, items))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        }, headers, ct, onRetry);
        var answer = await ReadAsync(response, answerType, ct) ?? [];
        return new BatchAnswer<T>(answer, Header(response, "X-Batch-Id"), Header(response, "Idempotency-Replayed") == "true");
    }

    // ---- the journal ----

    /// <summary>The journal's batches, newest first, with optional filters; <c>Total</c> counts every match.</summary>
    public async Task<BatchSummaryPage> ListBatchesAsync(string? name = null, string? status = null, int limit = 100, int skip = 0, CancellationToken ct = default)
    {
        var query = new StringBuilder($"api/batch/v1?_limit={limit.ToString(CultureInfo.InvariantCulture)}&_skip={skip.ToString(CultureInfo.InvariantCulture)}");
        if (name is not null) query.Append("&name=").Append(Escape(name));
        if (status is not null) query.Append("&status=").Append(Escape(status));
        using var response = await SendAsync(HttpMethod.Get, query.ToString(), null, null, ct);
        var list = await ReadAsync(response, ClientJson.Default.ListBatchSummary, ct) ?? [];
        return new BatchSummaryPage(list, long.TryParse(Header(response, "x-total-count"), CultureInfo.InvariantCulture, out var total) ? total : list.Count);
    }

    /// <summary>Every batch with this name (an import names all its chunks alike), newest first, page by page.</summary>
    public async IAsyncEnumerable<BatchSummary> BatchesNamedAsync(string name, [EnumeratorCancellation] CancellationToken ct = default)
    {
        const int page = 1000;
        for (var skip = 0; ; skip += page)
        {
            var batches = await ListBatchesAsync(name, null, page, skip, ct);
            foreach (var batch in batches.Batches) yield return batch;
            if (batches.Batches.Count < page) yield break;
        }
    }

    /// <summary>The batch's summary, or null when there is none (or it is someone else's).</summary>
    public Task<BatchSummary?> GetBatchAsync(string id, CancellationToken ct = default) =>
        GetOrNullAsync($"api/batch/v1/{Escape(id)}", ClientJson.Default.BatchSummary, ct);

    /// <summary>Deletes what the batch created that nothing changed since; with <paramref name="dryRun"/> only lists it.</summary>
    public async Task<UndoAnswer> UndoBatchAsync(string id, bool dryRun = false, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/batch/v1/{Escape(id)}/undo{(dryRun ? "?dryRun=true" : "")}", null, null, ct);
        return (await ReadAsync(response, ClientJson.Default.UndoAnswer, ct))!;
    }

    public void Dispose() => _http.Dispose();

    // ---- plumbing ----

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, ct);
        return await ReadAsync(response, type, ct);
    }

    private async Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        try
        {
            return await GetAsync(path, type, ct);
        }
        catch (BargeApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Sends with retries; a final answer that is not a success becomes a <see cref="BargeApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, BatchHeaders? headers,
        CancellationToken ct, Action<RetryEvent>? onRetry = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        headers?.ApplyTo(request);
        if (onRetry is not null) request.Options.Set(RetryRules.Observer, onRetry);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new BargeApiException(response.StatusCode, ErrorText.From(response.StatusCode, body), method.Method, "/" + path);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NoContent) return default;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync(stream, type, ct);
    }

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, type)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
