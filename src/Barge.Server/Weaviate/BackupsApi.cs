using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Backup;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Weaviate;

/// <summary>
/// Weaviate's backup API for the <c>filesystem</c> backend: <c>POST /v1/backups/filesystem</c> starts a backup,
/// <c>GET …/{id}</c> tells its phase, <c>POST …/{id}/restore</c> starts a restore and <c>GET …/{id}/restore</c> tells
/// its phase. Refusals are 422 (404 for an unknown backup) in Weaviate's error shape, answered by
/// <see cref="WeaviateFallbackMiddleware"/> from the <see cref="BackupException"/>'s kind.
/// </summary>
public static class BackupsApi
{
    public const string Backend = "filesystem";

    public static void MapWeaviateBackups(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/backups/{backend}", async (HttpContext http, BackupService backups, BargeOptions options, string backend) =>
        {
            if (BackendError(backend) is { } wrong) return wrong;
            var (request, error) = await ReadAsync(http, options, needsId: true);
            if (error is not null) return error;
            return await Answer(async () => Started(await backups.CreateAsync(request!.Value.Id!, request.Value.Classes, http.RequestAborted)));
        });
        routes.MapGet("/v1/backups/{backend}/{id}", async (HttpContext http, BackupService backups, string backend, string id) =>
            BackendError(backend) ?? await Answer(async () => Status(await backups.CreateStatusAsync(id, http.RequestAborted))));
        routes.MapPost("/v1/backups/{backend}/{id}/restore", async (HttpContext http, BackupService backups, BargeOptions options, string backend, string id) =>
        {
            if (BackendError(backend) is { } wrong) return wrong;
            var (request, error) = await ReadAsync(http, options, needsId: false);
            if (error is not null) return error;
            var batch = BatchRequests.From(http, options, "weaviate.backups.restore");
            return await Answer(async () => Started(await backups.RestoreAsync(id, request!.Value.Classes, batch, http.RequestAborted)));
        });
        routes.MapGet("/v1/backups/{backend}/{id}/restore", async (BackupService backups, string backend, string id) =>
            BackendError(backend) ?? await Answer(() => Task.FromResult(Status(backups.RestoreStatus(id)))));
    }

    private static IResult? BackendError(string backend) => backend == Backend ? null
        : WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity,
            $"backup backend '{backend}' is not enabled: Barge writes backups to the filesystem (backend 'filesystem', BACKUP_FILESYSTEM_PATH)");

    // A refused backup or restore (BackupException) is answered by the central mapping, like every typed failure:
    // 422, or 404 with its message for an unknown backup, as Weaviate does.
    private static async Task<IResult> Answer(Func<Task<JsonObject>> run) => WeaviateResults.Ok(await run());

    private static JsonObject Started(BackupState s) => new()
    {
        ["backend"] = Backend,
        ["classes"] = new JsonArray([.. s.Classes.Select(c => (JsonNode)c)]),
        ["id"] = s.Id,
        ["path"] = s.Path,
        ["status"] = BackupPhaseNames.Name(s.Phase),
    };

    private static JsonObject Status(BackupState s)
    {
        var o = new JsonObject
        {
            ["backend"] = Backend,
            ["id"] = s.Id,
            ["path"] = s.Path,
            ["status"] = BackupPhaseNames.Name(s.Phase),
            ["startedAt"] = Iso(s.StartedAt),
        };
        if (s.CompletedAt is { } completed) o["completedAt"] = Iso(completed);
        if (s.Error is not null) o["error"] = s.Error;
        return o;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The body <c>{"id", "include", "exclude", "config"}</c> (restore: no id); members of the wrong type are go-swagger's 422.</summary>
    private static async Task<((string? Id, ClassSelection Classes)? Request, IResult? Error)> ReadAsync(HttpContext http, BargeOptions options, bool needsId)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return (null, body.Error);
        var o = body.Node as JsonObject;
        if (o is null && (needsId || body.Node is not null)) return (null, Invalid("the body must be a JSON object"));
        string? id = null;
        if (needsId && (o!["id"] is not JsonValue idValue || idValue.GetValueKind() != JsonValueKind.String || (id = idValue.GetValue<string>()).Length == 0))
            return (null, Invalid("id in body is required and must be a string"));
        var include = Names(o, "include");
        var exclude = Names(o, "exclude");
        if (include is null || exclude is null) return (null, Invalid($"{(include is null ? "include" : "exclude")} in body must be an array of class names"));
        return ((id, new ClassSelection(include, exclude)), null);
    }

    private static IReadOnlyList<string>? Names(JsonObject? body, string name) => body?[name] switch
    {
        null => [],
        JsonArray a when a.All(n => n?.GetValueKind() == JsonValueKind.String) => [.. a.Select(n => n!.GetValue<string>())],
        _ => null,
    };

    private static IResult Invalid(string message) => WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, message);
}
