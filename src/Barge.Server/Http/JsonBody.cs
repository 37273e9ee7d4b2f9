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
    public readonly record struct Result(JsonNode? Node, IResult? Error);

    public static async Task<Result> ReadAsync(HttpContext http, BargeOptions options)
    {
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new Result(null, TooLarge(options));
        }
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return new Result(null, WeaviateResults.Framework(602, "body in body is required"));
        JsonStrings.RepairLoneSurrogates(bytes);
        // Duplicate keys are refused while parsing: JsonObject would otherwise throw on first access, deep in a handler.
        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth, AllowDuplicateProperties = false });
            if (node is null) return new Result(null, WeaviateResults.Framework(602, "body in body is required"));
            // Checked after parsing so that syntax errors are reported first; a bad string would otherwise throw in a handler.
            if (JsonStrings.FindInvalidUtf8(bytes, new JsonReaderOptions { MaxDepth = options.MaxJsonDepth }) is { } bad)
                return new Result(null, ParseError(bad));
            return new Result(node, null);
        }
        catch (JsonException ex)
        {
            return new Result(null, ParseError(ex.Message));
        }
    }

    private static IResult ParseError(string reason) =>
        WeaviateResults.Framework(400, $"parsing body body from \"\" failed, because {reason}");

    public static IResult TooLarge(BargeOptions options) =>
        WeaviateResults.Framework(413, $"request body too large: the limit is {options.MaxRequestBytes} bytes (BARGE_MAX_REQUEST_BYTES)");
}
