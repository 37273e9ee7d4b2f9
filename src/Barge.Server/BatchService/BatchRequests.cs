using Barge.Core.Journal;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.BatchService;

/// <summary>
/// Builds the journal's view of a batch request, the same for every dialect: the caller names it with the
/// <c>X-Batch-*</c> headers, the principal is the user, the configuration gives the environment, and the
/// idempotency filter has already hashed the request when it carries a key.
/// </summary>
public static class BatchRequests
{
    public const string IdHeader = "X-Batch-Id";

    public static BatchRequest From(HttpContext http, BargeOptions options, string service, bool dryRun = false, bool atomic = false, string? id = null)
    {
        var headers = http.Request.Headers;
        var idempotency = http.Items.TryGetValue(IdempotencyFilter.ItemsKey, out var v) && v is IdempotencyFilter.Claim claim ? claim : null;
        var principal = http.Principal();
        return new BatchRequest
        {
            Id = id ?? Header(headers, IdHeader),
            User = principal.User,
            LogUser = principal.LogName,
            Environment = options.Environment,
            Service = service,
            Name = Header(headers, "X-Batch-Name"),
            Reason = Header(headers, "X-Batch-Reason"),
            Source = Header(headers, "X-Batch-Source"),
            DryRun = dryRun,
            Atomic = atomic,
            IdempotencyKey = idempotency?.Key,
            RequestHash = idempotency?.Hash,
        };
    }

    /// <summary>
    /// Admins (the admin list's users) and, with the admin list on, its read-only users (who may read everything but
    /// change nothing: the auth middleware refuses them undo and delete) see every batch; everyone else, anonymous
    /// included, their own.
    /// </summary>
    public static Viewer Viewer(HttpContext http, BargeOptions options)
    {
        var principal = http.Principal();
        var auth = options.Auth;
        var seesAll = auth.AdminUsers.Contains(principal.User) || (auth.AdminListEnabled && auth.ReadOnlyUsers.Contains(principal.User));
        return new Viewer(principal.User, !principal.IsAnonymous && seesAll);
    }

    /// <summary>A boolean query flag (<c>dryRun</c>, <c>atomic</c>): absent is <paramref name="fallback"/>; anything but true/false is an error.</summary>
    public static bool Flag(HttpContext http, string name, out string? error, bool fallback = false)
    {
        error = null;
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0) return fallback;
        if (bool.TryParse(text, out var value)) return value;
        error = $"query parameter '{name}' must be true or false, got '{text}'";
        return fallback;
    }

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers[name].ToString() is { Length: > 0 } value ? value.Trim() : null;
}
