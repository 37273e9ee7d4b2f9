using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>The v1 object routes (spec §6), including the deprecated class-less forms.</summary>
public static class ObjectsApi
{
    public static void MapWeaviateObjects(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/objects", Create);
        routes.MapGet("/v1/objects", List);
        routes.MapPost("/v1/objects/validate", Validate);
        routes.MapGet("/v1/objects/{className}/{id}", (HttpContext h, ObjectsContext c, string className, string id) => Get(h, c, className, id, head: false));
        routes.MapMethods("/v1/objects/{className}/{id}", ["HEAD"], (HttpContext h, ObjectsContext c, string className, string id) => Get(h, c, className, id, head: true));
        routes.MapPut("/v1/objects/{className}/{id}", Replace);
        routes.MapPatch("/v1/objects/{className}/{id}", Merge);
        routes.MapDelete("/v1/objects/{className}/{id}", Delete);
        routes.MapPost("/v1/objects/{className}/{id}/references/{property}", (HttpContext h, ObjectsContext c, string className, string id, string property) => References(h, c, className, id, property, ReferenceChange.Add));
        routes.MapPut("/v1/objects/{className}/{id}/references/{property}", (HttpContext h, ObjectsContext c, string className, string id, string property) => References(h, c, className, id, property, ReferenceChange.Replace));
        routes.MapDelete("/v1/objects/{className}/{id}/references/{property}", (HttpContext h, ObjectsContext c, string className, string id, string property) => References(h, c, className, id, property, ReferenceChange.Remove));

        // Deprecated class-less forms: the class is found by id.
        routes.MapGet("/v1/objects/{id}", (HttpContext h, ObjectsContext c, string id) => ClassLess(h, c, id, cls => Get(h, c, cls, id, head: false)));
        routes.MapMethods("/v1/objects/{id}", ["HEAD"], (HttpContext h, ObjectsContext c, string id) => ClassLess(h, c, id, cls => Get(h, c, cls, id, head: true)));
        routes.MapPut("/v1/objects/{id}", (HttpContext h, ObjectsContext c, string id) => ClassLess(h, c, id, cls => Replace(h, c, cls, id)));
        routes.MapPatch("/v1/objects/{id}", (HttpContext h, ObjectsContext c, string id) => ClassLess(h, c, id, cls => Merge(h, c, cls, id)));
        routes.MapDelete("/v1/objects/{id}", (HttpContext h, ObjectsContext c, string id) => ClassLess(h, c, id, cls => Delete(h, c, cls, id)));
        foreach (var (verb, change) in new[] { ("POST", ReferenceChange.Add), ("PUT", ReferenceChange.Replace), ("DELETE", ReferenceChange.Remove) })
            routes.MapMethods("/v1/objects/{id}/references/{property}", [verb], (HttpContext h, ObjectsContext c, string id, string property) =>
                ClassLess(h, c, id, cls => References(h, c, cls, id, property, change)));
    }

    private static async Task<IResult> Create(HttpContext http, ObjectsContext ctx)
    {
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        var (input, error) = await ReadObjectAsync(http, ctx.Options);
        if (error is not null) return error;
        var stored = await ctx.Objects.CreateAsync(input!, http.Principal().User, http.RequestAborted);
        return WeaviateResults.Ok(ObjectWire.Write(stored, ctx.Schema.Find(stored.Class), includeVector: true, withHref: true));
    }

    private static async Task<IResult> Validate(HttpContext http, ObjectsContext ctx)
    {
        var (input, error) = await ReadObjectAsync(http, ctx.Options);
        if (error is not null) return error;
        await ctx.Objects.ValidateAsync(input!, http.Principal().User, http.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> Get(HttpContext http, ObjectsContext ctx, string className, string id, bool head)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        var (vector, includeError) = QueryParameters.Include(http);
        if (includeError is not null) return includeError;
        var cls = await ctx.Schema.FindAsync(SchemaService.ClassNameFor(className), http.RequestAborted);
        if (cls is null) return WeaviateResults.NotFoundEmpty();
        var stored = await ctx.Objects.GetAsync(cls.Name, ObjectIds.Canonical(id)!, QueryParameters.Tenant(http), http.RequestAborted);
        if (stored is null) return WeaviateResults.NotFoundEmpty();
        return head ? Results.NoContent() : WeaviateResults.Ok(ObjectWire.Write(stored, cls, vector, withHref: true));
    }

    private static async Task<IResult> Replace(HttpContext http, ObjectsContext ctx, string className, string id)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        var (input, error) = await ReadObjectAsync(http, ctx.Options);
        if (error is not null) return error;
        var name = SchemaService.ClassNameFor(className);
        if (input!.Class is { Length: > 0 } bodyClass && SchemaService.ClassNameFor(bodyClass) != name)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"invalid update: field 'class' is immutable");
        var stored = await ctx.Objects.ReplaceAsync(name, ObjectIds.Canonical(id)!, input with { Class = name }, http.Principal().User, http.RequestAborted);
        return WeaviateResults.Ok(ObjectWire.Write(stored, ctx.Schema.Find(stored.Class), includeVector: true, withHref: true));
    }

    private static async Task<IResult> Merge(HttpContext http, ObjectsContext ctx, string className, string id)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        var (input, error) = await ReadObjectAsync(http, ctx.Options);
        if (error is not null) return error;
        await ctx.Objects.MergeAsync(SchemaService.ClassNameFor(className), ObjectIds.Canonical(id)!, input!, http.Principal().User, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> Delete(HttpContext http, ObjectsContext ctx, string className, string id)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        await ctx.Objects.DeleteAsync(SchemaService.ClassNameFor(className), ObjectIds.Canonical(id)!, QueryParameters.Tenant(http), http.Principal().User, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> References(HttpContext http, ObjectsContext ctx, string className, string id, string property, ReferenceChange change)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        if ((QueryParameters.CheckConsistencyLevel(http) ?? QueryParameters.CheckTenant(http)) is { } bad) return bad;
        var body = await JsonBody.ReadAsync(http, ctx.Options);
        if (body.Error is not null) return body.Error;
        JsonArray beacons;
        if (change == ReferenceChange.Replace)
        {
            if (body.Node is not JsonArray list) return WeaviateResults.Framework(601, $"body in body must be of type array: \"{ObjectWire.KindName(body.Node)}\"");
            beacons = (JsonArray)list.DeepClone();
        }
        else
        {
            if (body.Node is not JsonObject single) return WeaviateResults.Framework(601, $"body in body must be of type object: \"{ObjectWire.KindName(body.Node)}\"");
            beacons = [single.DeepClone()];
        }
        var name = SchemaNames.PropertyNameFor(property);
        await ctx.Objects.ChangeReferencesAsync(SchemaService.ClassNameFor(className), ObjectIds.Canonical(id)!, name, beacons, change, QueryParameters.Tenant(http), http.Principal().User, http.RequestAborted);
        return change == ReferenceChange.Remove ? Results.NoContent() : Results.Ok();
    }

    private static async Task<IResult> ClassLess(HttpContext http, ObjectsContext ctx, string id, Func<string, Task<IResult>> then)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        var classes = await ctx.Store.FindClassesOfIdAsync(ObjectIds.Canonical(id)!, [], http.RequestAborted);
        return classes.Count == 0 ? WeaviateResults.NotFoundEmpty() : await then(classes[0]);
    }

    private static async Task<IResult> List(HttpContext http, ObjectsContext ctx)
    {
        var q = http.Request.Query;
        var (vector, includeError) = QueryParameters.Include(http);
        if (includeError is not null) return includeError;
        if (QueryParameters.CheckTenant(http) is { } badTenant) return badTenant;
        string? className = q["class"].ToString() is { Length: > 0 } c ? SchemaService.ClassNameFor(c) : null;
        ClassDefinition? cls = null;
        if (className is not null && (cls = await ctx.Schema.FindAsync(className, http.RequestAborted)) is null) return WeaviateResults.NotFoundEmpty();
        if (!TryInt(q["limit"], ctx.Options.QueryDefaultsLimit, out var limit) || !TryInt(q["offset"], 0, out var offset))
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "limit and offset must be non-negative integers");
        if ((long)limit + offset > ctx.Options.QueryMaximumResults)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "query maximum results exceeded");
        var after = q["after"].ToString() is { Length: > 0 } a ? a : null;
        var sortNames = q["sort"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (after is not null)
        {
            if (className is null)
                return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "after parameter not allowed, cursor must be specific to one class, set class query param");
            if (offset != 0 || sortNames.Length > 0)
                return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "cursor api: invalid 'after' parameter: offset and sort cannot be combined with after");
            if (ObjectIds.Canonical(after) is not { } canonicalAfter)
                return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"cursor api: invalid 'after' parameter: after must be a uuid, got '{after}'");
            after = canonicalAfter;
        }
        if (sortNames.Length > ctx.Options.MaxSortKeys)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity,
                $"invalid 'sort' parameter: {sortNames.Length} sort keys, the limit is {ctx.Options.MaxSortKeys} (BARGE_MAX_SORT_KEYS)");
        var orders = q["order"].ToString().Split(',', StringSplitOptions.TrimEntries);
        var sort = new List<SortField>();
        for (var i = 0; i < sortNames.Length; i++)
        {
            var name = sortNames[i];
            var isMeta = name is "_creationTimeUnix" or "_lastUpdateTimeUnix" or "id" or "_id";
            if (!isMeta)
            {
                name = SchemaNames.PropertyNameFor(name);
                // Checked with or without a class: a name outside the property grammar names nothing, and must not reach the store's SQL.
                if (SchemaNames.PropertyNameError(name) is not null)
                    return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity,
                        $"invalid 'sort' parameter: sort parameter at position {i}: '{name}' is not a property name");
                if (cls is not null && cls.FindProperty(name) is null)
                    return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity,
                        $"invalid 'sort' parameter: sort parameter at position {i}: no such prop with name '{name}' found in class '{cls.Name}' in the schema. Check your schema files for which properties in this class are available");
            }
            sort.Add(new SortField(name, i < orders.Length && orders[i] == "desc"));
        }
        var page = await ctx.Store.ListAsync(new ListQuery(className, QueryParameters.Tenant(http), limit, offset, after, sort), http.RequestAborted);
        var result = new JsonObject
        {
            ["deprecations"] = className is null ? null : new JsonArray(),
            ["objects"] = new JsonArray(page.Objects.Select(o => (JsonNode)ObjectWire.Write(o, ctx.Schema.Find(o.Class), vector, withHref: true)).ToArray()),
        };
        if (page.TotalResults > 0) result["totalResults"] = page.TotalResults;
        return WeaviateResults.Ok(result);
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues raw, int fallback, out int value)
    {
        value = fallback;
        return raw.Count == 0 || raw.ToString().Length == 0 || (int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }

    private static async Task<(ObjectInput? Input, IResult? Error)> ReadObjectAsync(HttpContext http, BargeOptions options)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return (null, body.Error);
        var (input, error) = ObjectWire.Read(body.Element, "");
        return error is null ? (input, null) : (null, WeaviateResults.Framework(601, error));
    }
}

/// <summary>What the object routes need, bundled so handler signatures stay short.</summary>
public sealed class ObjectsContext(ObjectService objects, SchemaService schema, IObjectStore store, BargeOptions options)
{
    public ObjectService Objects { get; } = objects;
    public SchemaService Schema { get; } = schema;
    public IObjectStore Store { get; } = store;
    public BargeOptions Options { get; } = options;
}
