using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Weaviate;

/// <summary>
/// Weaviate's three error body shapes (spec §0), so that every v1 route answers the way its clients parse:
/// application errors <c>{"error":[{"message"}]}</c>, framework errors <c>{"code","message"}</c>, and empty 404s.
/// </summary>
public static class WeaviateResults
{
    public static IResult Error(int status, string message) =>
        Json(status, new JsonObject { ["error"] = new JsonArray(new JsonObject { ["message"] = message }) });

    /// <summary>A go-swagger style error: the HTTP status is the code when below 600, else 422.</summary>
    public static IResult Framework(int code, string message) =>
        Json(code < 600 ? code : 422, new JsonObject { ["code"] = code, ["message"] = message });

    public static IResult NotFoundEmpty() => Results.StatusCode(StatusCodes.Status404NotFound);

    /// <summary>Relaxed escaping keeps <c>+02:00</c> and <c>+49…</c> readable instead of <c>\u002B</c>.</summary>
    public static readonly JsonSerializerOptions Serializer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(int status, JsonNode? body) =>
        Results.Text(body is null ? "null" : body.ToJsonString(Serializer), "application/json", System.Text.Encoding.UTF8, status);

    public static IResult Ok(JsonNode? body) => Json(StatusCodes.Status200OK, body);
}
