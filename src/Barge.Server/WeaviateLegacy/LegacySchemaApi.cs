using System.Text.Json.Nodes;
using Barge.Core.Access;
using Barge.Core.Schema;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// The 0.x schema routes (spec §9): <c>GET|POST /v1/schema/{kind}</c>, <c>DELETE /v1/schema/{kind}/{class}</c>,
/// <c>POST /v1/schema/{kind}/{class}/properties</c>.
/// Decision: <c>GET /v1/schema</c> stays v1-shaped (v1 clients parse it on every start), so 0.x clients read their
/// kind through <c>GET /v1/schema/things</c> or <c>/v1/schema/actions</c> as <c>{"classes":[...],"type":"thing"}</c>.
/// Those two literal paths shadow v1's <c>GET /v1/schema/{className}</c> for exactly those lower-case spellings; any
/// other spelling (<c>/v1/schema/Things</c>, which ASP.NET routes here too) is answered as v1's class lookup.
/// </summary>
public static class LegacySchemaApi
{
    public static void MapWeaviateLegacySchema(this IEndpointRouteBuilder routes)
    {
        foreach (var kind in SemanticKinds.All)
        {
            routes.MapGet($"/v1/schema/{kind}", (HttpContext http, SchemaService schema) => List(http, schema, kind));
            routes.MapPost($"/v1/schema/{kind}", (HttpContext http, SchemaService schema, BargeOptions options) => CreateAsync(http, schema, options, kind));
            routes.MapDelete($"/v1/schema/{kind}/{{className}}", async (HttpContext http, SchemaService schema, WriteRights rights, string className) =>
            {
                // Idempotent, as v1's DELETE: a class of the other kind (or none) is left alone and still answered 200.
                if (SemanticKinds.Find(schema, kind, className) is not { } c) return Results.Ok();
                rights.Demand(http.Principal().User, c.Name);
                await schema.DeleteClassAsync(c.Name, http.RequestAborted);
                return Results.Ok();
            });
            routes.MapPost($"/v1/schema/{kind}/{{className}}/properties", (HttpContext http, SchemaService schema, BargeOptions options, string className) =>
                AddPropertyAsync(http, schema, options, kind, className));
        }
    }

    private static IResult List(HttpContext http, SchemaService schema, string kind)
    {
        // Route literals match case-insensitively; only the exact 0.x spelling is the kind listing.
        var segment = http.Request.Path.Value!.TrimEnd('/').Split('/')[^1];
        if (segment != kind)
            return schema.Find(SchemaService.ClassNameFor(segment)) is { } c ? WeaviateResults.Ok(ClassWire.WriteClass(c)) : WeaviateResults.NotFoundEmpty();
        var classes = SemanticKinds.ClassesOf(schema, kind).Select(c => (JsonNode)LegacyClassWire.WriteClass(c)).ToArray();
        return WeaviateResults.Ok(new JsonObject { ["classes"] = new JsonArray(classes), ["type"] = SemanticKinds.Singular(kind) });
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SchemaService schema, BargeOptions options, string kind)
    {
        var (input, error) = await SchemaApi.ReadAsync(http, options, LegacyClassWire.ReadClass);
        if (error is not null) return error;
        var check = SchemaValidator.NewClass(input!, schema.Classes, SchemaApi.Settings(options));
        if (!check.IsOk) return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, check.Error);
        // Stored through the trusted path, which checks the name again under the schema lock.
        var created = await schema.CreateClassAsync(check.Value.WithSemanticKind(kind), http.RequestAborted);
        return WeaviateResults.Ok(LegacyClassWire.WriteClass(created));
    }

    private static async Task<IResult> AddPropertyAsync(HttpContext http, SchemaService schema, BargeOptions options, string kind, string className)
    {
        var (input, error) = await SchemaApi.ReadAsync(http, options, LegacyClassWire.ReadProperty);
        if (error is not null) return error;
        if (SemanticKinds.Find(schema, kind, className) is not { } cls)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"class \"{SchemaService.ClassNameFor(className)}\": not found");
        var added = await schema.AddPropertyAsync(cls.Name, input!, SchemaApi.Settings(options), http.RequestAborted);
        return WeaviateResults.Ok(LegacyClassWire.WriteProperty(added));
    }
}
