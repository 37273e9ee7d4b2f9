using System.Text.Json.Nodes;
using Barge.Core.Access;
using Barge.Core.Schema;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>
/// The v1 schema endpoints (spec §5). Rule violations surface as <c>UserInputException</c> from
/// <see cref="SchemaService"/>, which the fallback middleware answers with 422 <c>{"error":[{"message"}]}</c>.
/// </summary>
public static class SchemaApi
{
    public static void MapWeaviateSchema(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/schema", (SchemaService schema) =>
            WeaviateResults.Ok(new JsonObject { ["classes"] = new JsonArray(schema.Classes.Select(c => (JsonNode)ClassWire.WriteClass(c)).ToArray()) }));

        routes.MapPost("/v1/schema", async (HttpContext http, SchemaService schema, BargeOptions options) =>
        {
            var (input, error) = await ReadAsync(http, options, ClassWire.ReadClass);
            if (error is not null) return error;
            var created = await schema.CreateClassAsync(input!, Settings(options), http.RequestAborted);
            return WeaviateResults.Ok(ClassWire.WriteClass(created));
        });

        routes.MapGet("/v1/schema/{className}", async (HttpContext http, SchemaService schema, string className) =>
            await schema.FindAsync(SchemaService.ClassNameFor(className), http.RequestAborted) is { } c ? WeaviateResults.Ok(ClassWire.WriteClass(c)) : WeaviateResults.NotFoundEmpty());

        routes.MapPut("/v1/schema/{className}", async (HttpContext http, SchemaService schema, BargeOptions options, string className) =>
        {
            // An unknown class is a 404 whatever the body says.
            if (await schema.FindAsync(SchemaService.ClassNameFor(className), http.RequestAborted) is null) return WeaviateResults.NotFoundEmpty();
            var (input, error) = await ReadAsync(http, options, ClassWire.ReadClass);
            if (error is not null) return error;
            var updated = await schema.UpdateClassAsync(className, input!, Settings(options), http.RequestAborted);
            return WeaviateResults.Ok(ClassWire.WriteClass(updated));
        });

        routes.MapDelete("/v1/schema/{className}", async (HttpContext http, SchemaService schema, WriteRights rights, string className) =>
        {
            // Dropping a class deletes its objects: the same right as deleting them one by one.
            rights.Demand(http.Principal().User, SchemaService.ClassNameFor(className));
            await schema.DeleteClassAsync(SchemaService.ClassNameFor(className), http.RequestAborted);
            return Results.Ok();
        });

        routes.MapPost("/v1/schema/{className}/properties", async (HttpContext http, SchemaService schema, BargeOptions options, string className) =>
        {
            var (input, error) = await ReadAsync(http, options, ClassWire.ReadProperty);
            if (error is not null) return error;
            var added = await schema.AddPropertyAsync(className, input!, Settings(options), http.RequestAborted);
            return WeaviateResults.Ok(ClassWire.WriteProperty(added));
        });
    }

    /// <summary>The schema-relevant server settings (DEFAULT_TOKENIZATION).</summary>
    public static SchemaSettings Settings(BargeOptions options) => new() { DefaultTokenization = options.DefaultTokenization };

    /// <summary>Reads a schema body with <paramref name="read"/>; shared with the 0.x schema routes.</summary>
    internal static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, BargeOptions options, Func<JsonNode, ClassWire.Parsed<T>> read)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return (default, body.Error);
        var parsed = read(body.Node!);
        return parsed.Error is null ? (parsed.Value, null) : (default, WeaviateResults.Framework(601, parsed.Error));
    }
}
