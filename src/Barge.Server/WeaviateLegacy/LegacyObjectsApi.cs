using System.Globalization;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Auth;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// The 0.x object routes <c>/v1/things…</c> and <c>/v1/actions…</c> (spec §9) on v1's <see cref="ObjectService"/>.
/// A route sees only classes of its kind (v1 classes count as <c>things</c>); an object of another kind is a 404.
/// </summary>
public static class LegacyObjectsApi
{
    public static void MapWeaviateLegacyObjects(this IEndpointRouteBuilder routes)
    {
        foreach (var kind in SemanticKinds.All)
        {
            routes.MapPost($"/v1/{kind}", (HttpContext h, ObjectsContext c) => Create(h, c, kind));
            routes.MapGet($"/v1/{kind}", (HttpContext h, ObjectsContext c) => List(h, c, kind));
            routes.MapPost($"/v1/{kind}/validate", (HttpContext h, ObjectsContext c) => Validate(h, c, kind));
            routes.MapGet($"/v1/{kind}/{{id}}", (HttpContext h, ObjectsContext c, string id) => Get(h, c, kind, id));
            routes.MapPut($"/v1/{kind}/{{id}}", (HttpContext h, ObjectsContext c, string id) => Replace(h, c, kind, id));
            routes.MapPatch($"/v1/{kind}/{{id}}", (HttpContext h, ObjectsContext c, string id) => Merge(h, c, kind, id));
            routes.MapDelete($"/v1/{kind}/{{id}}", (HttpContext h, ObjectsContext c, string id) =>
                WithClass(h, c, kind, id, async cls =>
                {
                    await c.Objects.DeleteAsync(cls, ObjectIds.Canonical(id)!, null, h.Principal().User, h.RequestAborted);
                    return Results.NoContent();
                }));
            foreach (var (verb, change) in new[] { ("POST", ReferenceChange.Add), ("PUT", ReferenceChange.Replace), ("DELETE", ReferenceChange.Remove) })
                routes.MapMethods($"/v1/{kind}/{{id}}/references/{{property}}", [verb], (HttpContext h, ObjectsContext c, string id, string property) =>
                    References(h, c, kind, id, property, change));
        }
    }

    private static async Task<IResult> Create(HttpContext http, ObjectsContext ctx, string kind)
    {
        var (input, error) = await ReadAsync(http, ctx, kind);
        if (error is not null) return error;
        var stored = await ctx.Objects.CreateAsync(input!, http.Principal().User, http.RequestAborted);
        return WeaviateResults.Ok(LegacyObjectWire.Write(stored, ctx.Schema, withHref: true));
    }

    private static async Task<IResult> Validate(HttpContext http, ObjectsContext ctx, string kind)
    {
        var (input, error) = await ReadAsync(http, ctx, kind);
        if (error is not null) return error;
        await ctx.Objects.ValidateAsync(input!, http.Principal().User, http.RequestAborted);
        return Results.Ok();
    }

    private static Task<IResult> Get(HttpContext http, ObjectsContext ctx, string kind, string id) =>
        WithClass(http, ctx, kind, id, async cls =>
        {
            var stored = await ctx.Objects.GetAsync(cls, ObjectIds.Canonical(id)!, null, http.RequestAborted);
            return stored is null ? WeaviateResults.NotFoundEmpty() : WeaviateResults.Ok(LegacyObjectWire.Write(stored, ctx.Schema, withHref: true));
        });

    private static Task<IResult> Replace(HttpContext http, ObjectsContext ctx, string kind, string id) =>
        WithClass(http, ctx, kind, id, async cls =>
        {
            var (input, error) = await ReadAsync(http, ctx, kind);
            if (error is not null) return error;
            if (input!.Class is { Length: > 0 } bodyClass && SchemaService.ClassNameFor(bodyClass) != cls)
                return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "invalid update: field 'class' is immutable");
            var stored = await ctx.Objects.ReplaceAsync(cls, ObjectIds.Canonical(id)!, input with { Class = cls }, http.Principal().User, http.RequestAborted);
            return WeaviateResults.Ok(LegacyObjectWire.Write(stored, ctx.Schema, withHref: true));
        });

    private static Task<IResult> Merge(HttpContext http, ObjectsContext ctx, string kind, string id) =>
        WithClass(http, ctx, kind, id, async cls =>
        {
            var (input, error) = await ReadAsync(http, ctx, kind, checkClass: false);
            if (error is not null) return error;
            await ctx.Objects.MergeAsync(cls, ObjectIds.Canonical(id)!, input!, http.Principal().User, http.RequestAborted);
            return Results.NoContent();
        });

    private static Task<IResult> References(HttpContext http, ObjectsContext ctx, string kind, string id, string property, ReferenceChange change) =>
        WithClass(http, ctx, kind, id, async cls =>
        {
            var body = await JsonBody.ReadAsync(http, ctx.Options);
            if (body.Error is not null) return body.Error;
            var (shape, expected) = change == ReferenceChange.Replace ? (body.Node as JsonArray as JsonNode, "array") : (body.Node as JsonObject, "object");
            if (shape is null) return WeaviateResults.Framework(601, $"body in body must be of type {expected}: \"{ObjectWire.KindName(body.Node)}\"");
            var name = SchemaNames.PropertyNameFor(property);
            // Reuses the property-map translation: the beacons sit under the property name as they would in `schema`.
            var wrapped = new JsonObject { [name] = shape is JsonArray a ? a.DeepClone() : new JsonArray(shape.DeepClone()) };
            if (LegacyBeacons.PropertiesToV1(wrapped) is { } beaconError)
                return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"msg:add reference code:422 err:invalid cref: {beaconError}");
            var beacons = wrapped[name]!.AsArray();
            wrapped.Remove(name); // Core adopts the array into its own JSON.
            await ctx.Objects.ChangeReferencesAsync(cls, ObjectIds.Canonical(id)!, name, beacons, change, null, http.Principal().User, http.RequestAborted);
            return change == ReferenceChange.Remove ? Results.NoContent() : Results.Ok();
        });

    /// <summary>
    /// <c>{"things":[...],"totalResults":n}</c>: the kind's classes one after another (creation order, ids ascending
    /// within a class), so that <c>offset</c>/<c>limit</c> page across classes without loading them all.
    /// </summary>
    private static async Task<IResult> List(HttpContext http, ObjectsContext ctx, string kind)
    {
        var q = http.Request.Query;
        if (!TryInt(q["limit"].ToString(), ctx.Options.QueryDefaultsLimit, out var limit) || !TryInt(q["offset"].ToString(), 0, out var offset))
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "limit and offset must be non-negative integers");
        if ((long)limit + offset > ctx.Options.QueryMaximumResults)
            return WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, "query maximum results exceeded");
        var objects = new JsonArray();
        long total = 0, skip = offset;
        foreach (var cls in SemanticKinds.ClassesOf(ctx.Schema, kind))
        {
            var page = await ctx.Store.ListAsync(new ListQuery(cls.Name, null, limit - objects.Count, (int)Math.Min(skip, int.MaxValue), null, []), http.RequestAborted);
            var inClass = page.TotalResults ?? 0; // counted: the query asks for the total (ListQuery.CountTotal)
            total += inClass;
            skip = Math.Max(0, skip - inClass);
            foreach (var o in page.Objects) objects.Add(LegacyObjectWire.Write(o, ctx.Schema, withHref: true));
        }
        var result = new JsonObject { ["deprecations"] = null, [kind] = objects };
        if (total > 0) result["totalResults"] = total;
        return WeaviateResults.Ok(result);
    }

    /// <summary>Runs <paramref name="then"/> with the class of object <paramref name="id"/> among the kind's classes, else 404.</summary>
    private static async Task<IResult> WithClass(HttpContext http, ObjectsContext ctx, string kind, string id, Func<string, Task<IResult>> then)
    {
        if (QueryParameters.CheckPathId(id) is { } badId) return badId;
        var candidates = SemanticKinds.ClassesOf(ctx.Schema, kind).Select(c => c.Name).ToList();
        if (candidates.Count == 0) return WeaviateResults.NotFoundEmpty();
        var classes = await ctx.Store.FindClassesOfIdAsync(ObjectIds.Canonical(id)!, candidates, http.RequestAborted);
        return classes.Count == 0 ? WeaviateResults.NotFoundEmpty() : await then(classes[0]);
    }

    /// <summary>Reads a 0.x object; a bad beacon is a 422 like any invalid object, a class of another kind is unknown here.</summary>
    private static async Task<(ObjectInput? Input, IResult? Error)> ReadAsync(HttpContext http, ObjectsContext ctx, string kind, bool checkClass = true)
    {
        var body = await JsonBody.ReadAsync(http, ctx.Options);
        if (body.Error is not null) return (null, body.Error);
        var read = LegacyObjectWire.ToInput(body.Node, "");
        if (read.WireError is not null) return (null, WeaviateResults.Framework(601, read.WireError));
        if (read.ItemError is not null) return (null, WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"invalid object: invalid cref: {read.ItemError}"));
        if (checkClass && read.Input!.Class is { Length: > 0 } cls && SemanticKinds.Find(ctx.Schema, kind, cls) is null)
            return (null, WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, $"invalid object: class '{SchemaService.ClassNameFor(cls)}' not present in schema"));
        return (read.Input, null);
    }

    private static bool TryInt(string raw, int fallback, out int value)
    {
        value = fallback;
        return raw.Length == 0 || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }
}
