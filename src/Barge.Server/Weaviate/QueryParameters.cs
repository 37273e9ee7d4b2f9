using Microsoft.AspNetCore.Http;

namespace Barge.Server.Weaviate;

/// <summary>Checks of the query parameters several v1 routes share, answering as Weaviate does.</summary>
public static class QueryParameters
{
    private static readonly string[] ConsistencyLevels = ["ONE", "QUORUM", "ALL"];

    /// <summary>400 for a <c>consistency_level</c> other than ONE, QUORUM or ALL (it is otherwise a no-op on one node).</summary>
    public static IResult? CheckConsistencyLevel(HttpContext http)
    {
        var level = http.Request.Query["consistency_level"].ToString();
        if (level.Length == 0 || ConsistencyLevels.Contains(level)) return null;
        return WeaviateResults.Error(StatusCodes.Status400BadRequest,
            $"unrecognized consistency level '{level}', try one of the following: ['ONE', 'QUORUM', 'ALL']");
    }

    /// <summary>Parses <c>include</c>: whether the vector is asked for, or the 400 for an unknown name.</summary>
    public static (bool Vector, IResult? Error) Include(HttpContext http)
    {
        var vector = false;
        foreach (var raw in http.Request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (raw)
            {
                case "vector": vector = true; break;
                case "classification" or "featureProjection" or "interpretation" or "nearestNeighbors": break;
                default: return (false, WeaviateResults.Error(StatusCodes.Status400BadRequest, $"unrecognized property '{raw}' in ?include list"));
            }
        }
        return (vector, null);
    }

    /// <summary>
    /// 422 for a <c>tenant</c> that cannot name a tenant (the rule tenants are created with): such a name can match
    /// nothing, and a NUL in it is refused by PostgreSQL before any lookup.
    /// </summary>
    public static IResult? CheckTenant(HttpContext http) =>
        Tenant(http) is { } tenant && Barge.Core.Schema.SchemaNames.TenantNameError(tenant) is { } error
            ? WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, error)
            : null;

    public static string? Tenant(HttpContext http) => http.Request.Query["tenant"].ToString() is { Length: > 0 } t ? t : null;

    /// <summary>A path id that is not a UUID is a framework error, like go-swagger's format check.</summary>
    public static IResult? CheckPathId(string id) =>
        ObjectWire.LooksLikeUuid(id) ? null : WeaviateResults.Framework(601, $"id in path must be of type uuid: \"{id}\"");
}
