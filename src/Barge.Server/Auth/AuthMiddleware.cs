using Barge.Server.Hosting;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Auth;

/// <summary>
/// Authentication (API keys as Bearer tokens or HAT's <c>X-Auth-Token</c>, or anonymous) and the admin-list authorization of Weaviate §7.3,
/// with Weaviate's exact 401 and 403 bodies. Health probes are answered before authentication.
/// </summary>
public sealed class AuthMiddleware(RequestDelegate next, AuthOptions options, AccessRules rules)
{
    public const string PrincipalKey = "barge.principal";

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        // The journal page and its files hold no data (the page reads it through the API, with the key): no key needed.
        if (path.StartsWith("/v1/.well-known/", StringComparison.Ordinal) || path is "/" or "" || Ui.UiRoutes.IsPagePath(path))
        {
            await next(http);
            return;
        }
        var (principal, refusal) = rules.Authenticate(BearerToken(http), http.Connection.RemoteIpAddress?.ToString() ?? "");
        if (principal is null)
        {
            await Refused(http, refusal!).ExecuteAsync(http);
            return;
        }

        var (verb, resource) = Permissions.Describe(http.Request.Method, path);
        if (rules.Forbidden(principal, verb, resource) is { } forbidden)
        {
            await Http.Dialects.Of(http).Error(StatusCodes.Status403Forbidden, forbidden).ExecuteAsync(http);
            return;
        }
        http.Items[PrincipalKey] = principal;
        await next(http);
    }

    /// <summary>
    /// 401, or 429 with <c>Retry-After</c> while the address is throttled. In the error shape of the route's dialect.
    /// </summary>
    private static IResult Refused(HttpContext http, AuthRefusal refusal)
    {
        var status = StatusCodes.Status401Unauthorized;
        if (refusal.RetryAfter is { } wait)
        {
            status = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Http.Dialects.Of(http).FrameworkError(status, refusal.Message);
    }

    private string? BearerToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        // HAT clients send the token in X-Auth-Token, checked against the same API keys. They always send one, so
        // without API keys it is ignored and the anonymous rules apply: the seed's curl works on a default server.
        if (options.ApiKeyEnabled && http.Request.Headers["X-Auth-Token"].ToString() is { Length: > 0 } hat) return hat.Trim();
        var query = http.Request.Query["access_token"].ToString();
        return query.Length > 0 ? query : null;
    }
}

public static class PrincipalExtensions
{
    public static Principal Principal(this HttpContext http) =>
        http.Items.TryGetValue(AuthMiddleware.PrincipalKey, out var p) && p is Principal principal ? principal : Auth.Principal.Anonymous;
}
