using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Weaviate;

/// <summary>
/// A JSON answer written straight to the response stream by <paramref name="write"/>, without building a document
/// first: batch answers repeat every object, and building them as a tree doubled the work of a batch.
/// </summary>
public sealed class StreamedJsonResult(int status, Action<Utf8JsonWriter> write) : IResult
{
    private static readonly JsonWriterOptions Options = new() { Encoder = WeaviateResults.Serializer.Encoder, SkipValidation = true };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, Options);
        write(writer);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
