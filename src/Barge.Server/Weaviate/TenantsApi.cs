using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>
/// Weaviate's tenants endpoints (<c>/v1/schema/{className}/tenants</c>), which clients at 1.28 and later use to
/// create, read, update and delete tenants: tenants are <c>{"name","activityStatus"}</c>, lists are JSON arrays,
/// DELETE takes an array of names. Rules (multi-tenancy off, bad names, statuses Barge does not keep) come back
/// from <see cref="TenantService"/> as 422 <c>{"error":[{"message"}]}</c>; a wrongly typed body is go-swagger's 422.
/// </summary>
public static class TenantsApi
{
    public static void MapWeaviateTenants(this IEndpointRouteBuilder routes)
    {
        const string Tenants = "/v1/schema/{className}/tenants";

        routes.MapGet(Tenants, async (HttpContext http, TenantService tenants, string className) =>
            WeaviateResults.Ok(Array(await tenants.ListAsync(className, http.RequestAborted))));

        routes.MapGet(Tenants + "/{tenantName}", async (HttpContext http, TenantService tenants, string className, string tenantName) =>
            await tenants.GetAsync(className, tenantName, http.RequestAborted) is { } t ? WeaviateResults.Ok(Json(t)) : WeaviateResults.NotFoundEmpty());

        routes.MapMethods(Tenants + "/{tenantName}", ["HEAD"], async (HttpContext http, TenantService tenants, string className, string tenantName) =>
            await tenants.GetAsync(className, tenantName, http.RequestAborted) is not null ? Results.Ok() : WeaviateResults.NotFoundEmpty());

        routes.MapPost(Tenants, async (HttpContext http, TenantService tenants, BargeOptions options, string className) =>
        {
            var (input, error) = await ReadTenantsAsync(http, options);
            if (error is not null) return error;
            return WeaviateResults.Ok(Array(await tenants.CreateAsync(className, input!, http.RequestAborted)));
        });

        routes.MapPut(Tenants, async (HttpContext http, TenantService tenants, BargeOptions options, string className) =>
        {
            var (input, error) = await ReadTenantsAsync(http, options);
            if (error is not null) return error;
            return WeaviateResults.Ok(Array(await tenants.UpdateAsync(className, input!, http.RequestAborted)));
        });

        routes.MapDelete(Tenants, async (HttpContext http, TenantService tenants, BargeOptions options, string className) =>
        {
            var body = await JsonBody.ReadAsync(http, options);
            if (body.Error is not null) return body.Error;
            if (body.Node is not JsonArray names || names.Any(n => n?.GetValueKind() != JsonValueKind.String))
                return WeaviateResults.Framework(601, "tenants in body must be of type array of strings");
            await tenants.DeleteAsync(className, names.Select(n => n!.GetValue<string>()).ToList(), http.Principal().User, http.RequestAborted);
            return Results.Ok();
        });
    }

    private static JsonObject Json(TenantDefinition t) => new() { ["activityStatus"] = t.ActivityStatus, ["name"] = t.Name };

    private static JsonArray Array(IEnumerable<TenantDefinition> tenants) => new(tenants.Select(t => (JsonNode)Json(t)).ToArray());

    /// <summary>An array of <c>{"name","activityStatus"}</c>; members of the wrong type are go-swagger's 601.</summary>
    private static async Task<(IReadOnlyList<TenantInput>? Tenants, IResult? Error)> ReadTenantsAsync(HttpContext http, BargeOptions options)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return (null, body.Error);
        if (body.Node is not JsonArray array) return (null, WeaviateResults.Framework(601, "body in body must be of type array"));
        var result = new List<TenantInput>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject o) return (null, WeaviateResults.Framework(601, $"{i} in body must be of type object"));
            if (o["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
                return (null, WeaviateResults.Framework(601, $"{i}.name in body must be of type string"));
            string? status = null;
            if (o["activityStatus"] is { } s)
            {
                if (s.GetValueKind() != JsonValueKind.String) return (null, WeaviateResults.Framework(601, $"{i}.activityStatus in body must be of type string"));
                status = s.GetValue<string>();
            }
            result.Add(new TenantInput(name.GetValue<string>(), status));
        }
        return (result, null);
    }
}
