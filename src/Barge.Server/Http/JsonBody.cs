using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Http;

/// <summary>
/// Reads a JSON request body within the configured limits. Every way it can go wrong maps to a client error:
/// an empty body (422, code 602), malformed or too deeply nested JSON (400), or a body over the size limit (413).
/// </summary>
public static class JsonBody
{
    /// <summary>The body as a tree (<see cref="Node"/>) over the parsed document, whose root is <see cref="Element"/>.</summary>
    public readonly record struct Result(JsonNode? Node, IResult? Error, JsonElement Element = default);

    /// <summary>Why a body could not be used; each dialect words it in its own error shape.</summary>
    public enum Problem { None, TooLarge, Empty, Invalid }

    /// <summary>A parsed body, or the problem with it (<paramref name="Reason"/> says what is wrong with invalid JSON).</summary>
    public readonly record struct Parsed(JsonNode? Node, Problem Problem, string? Reason, JsonElement Element = default);

    /// <summary>
    /// The body as JSON, read the same way for every dialect: within the size limit, not empty, no duplicate keys,
    /// nesting within the depth limit, lone surrogate escapes repaired and invalid UTF-8 refused (either would
    /// otherwise throw deep in a handler).
    /// <para>
    /// With <paramref name="releaseAfterResponse"/> the body's buffer and the parsed document's tables are pooled and
    /// handed back when the response has been sent, so that a stream of large batches does not feed the large-object
    /// heap (a gen-2 collection every few requests). Only for handlers that keep nothing read from the body beyond
    /// the response: the nodes it returns stop working then; <see cref="JsonNode.DeepClone"/> copies survive.
    /// Without it, the nodes may be kept for as long as anything refers to them (the schema keeps module configs).
    /// </para>
    /// </summary>
    public static async Task<Parsed> ParseAsync(HttpContext http, BargeOptions options, bool releaseAfterResponse = false)
    {
        ArraySegment<byte> body;
        try
        {
            body = await ReadAllAsync(http, releaseAfterResponse);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new Parsed(null, Problem.TooLarge, null);
        }
        var bytes = body.AsSpan();
        if (bytes.Trim(" \t\r\n"u8).IsEmpty) return new Parsed(null, Problem.Empty, null);
        JsonStrings.RepairLoneSurrogates(bytes);
        try
        {
            // One document over the whole body rather than a streaming parse with a document per object: per object,
            // the reader must first find the object's end and the parser then reads it again, which measured 1.27 ms
            // against 0.72 ms for a 1,000-object batch; the document's tables are a flat array over the body's own
            // bytes (no node per value) and, with releaseAfterResponse, pooled.
            // The document refers to the body instead of copying it (JsonNode.Parse would copy the whole body again).
            // Unless released with the response, it is left to the GC rather than disposed, since the nodes read from
            // it for as long as anything refers to them.
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth, AllowDuplicateProperties = false });
            if (releaseAfterResponse) http.Response.RegisterForDispose(document);
            var root = document.RootElement;
            JsonNode? node = root.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(root),
                JsonValueKind.Array => JsonArray.Create(root),
                JsonValueKind.Null => null,
                _ => JsonValue.Create(root),
            };
            if (node is null) return new Parsed(null, Problem.Empty, null);
            // Checked after parsing so that syntax errors are reported first.
            if (JsonStrings.FindInvalidUtf8(body, new JsonReaderOptions { MaxDepth = options.MaxJsonDepth }) is { } bad)
                return new Parsed(null, Problem.Invalid, bad);
            return new Parsed(node, Problem.None, null, root);
        }
        catch (JsonException ex)
        {
            return new Parsed(null, Problem.Invalid, ex.Message);
        }
    }

    /// <summary>
    /// The whole body in one array of its declared length (no growing buffer and final copy, which for a batch of
    /// 500 KB meant megabytes of large-object garbage per request), rented from the shared pool and returned with the
    /// response when <paramref name="pooled"/>; a body without a length is read in pieces.
    /// </summary>
    private static async Task<ArraySegment<byte>> ReadAllAsync(HttpContext http, bool pooled)
    {
        if (http.Request.ContentLength is long length and < int.MaxValue)
        {
            var bytes = pooled ? ArrayPool<byte>.Shared.Rent((int)length) : new byte[length];
            // Registered before reading, so that a body that fails to arrive still gives the array back.
            if (pooled) http.Response.RegisterForDispose(new PooledArray(bytes));
            var read = await http.Request.Body.ReadAtLeastAsync(bytes.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, http.RequestAborted);
            return new ArraySegment<byte>(bytes, 0, read);
        }
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    private sealed class PooledArray(byte[] array) : IDisposable
    {
        public void Dispose() => ArrayPool<byte>.Shared.Return(array);
    }

    /// <summary>The body for the Weaviate routes, with go-swagger's answers: 413, 422 (code 602) when empty, 400 when invalid.</summary>
    public static async Task<Result> ReadAsync(HttpContext http, BargeOptions options, bool releaseAfterResponse = false)
    {
        var body = await ParseAsync(http, options, releaseAfterResponse);
        return body.Problem switch
        {
            Problem.None => new Result(body.Node, null, body.Element),
            Problem.TooLarge => new Result(null, TooLarge(options)),
            Problem.Empty => new Result(null, WeaviateResults.Framework(602, "body in body is required")),
            _ => new Result(null, ParseError(body.Reason!)),
        };
    }

    /// <summary>The message of a body over the size limit, the same in every dialect.</summary>
    public static string TooLargeMessage(BargeOptions options) =>
        $"request body too large: the limit is {options.MaxRequestBytes} bytes (BARGE_MAX_REQUEST_BYTES)";

    private static IResult ParseError(string reason) =>
        WeaviateResults.Framework(400, $"parsing body body from \"\" failed, because {reason}");

    public static IResult TooLarge(BargeOptions options) => WeaviateResults.Framework(413, TooLargeMessage(options));
}
