using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.Ui;

/// <summary>
/// The journal in the browser: <c>/ui/batches</c>, <c>/ui/batches/{id}</c> and <c>/ui/classes</c> all answer the
/// same page (its script draws the view the address names, so each can be shared and reloaded), and
/// <c>/ui/assets/…</c> its style and script. The files are embedded in the server: no build step, nothing fetched
/// from elsewhere, and the Content-Security-Policy forbids the page to reach any other origin. The page holds no
/// data: it reads everything through the API with the key the user types, so these routes need no key.
/// </summary>
public static class UiRoutes
{
    public const string Prefix = "/ui";

    private const string Policy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly Dictionary<string, (string File, string Type)> Assets = new(StringComparer.Ordinal)
    {
        ["ui.css"] = ("ui.css", "text/css; charset=utf-8"),
        ["ui.js"] = ("ui.js", "text/javascript; charset=utf-8"),
    };

    /// <summary>Whether the path is one of the page's own (the page and its files, which carry no data).</summary>
    public static bool IsPagePath(string path) => path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal);

    public static void MapUi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Prefix, () => Results.Redirect(Prefix + "/batches"));
        routes.MapGet(Prefix + "/assets/{file}", (string file, HttpContext http) =>
            Assets.TryGetValue(file, out var asset) ? Serve(http, asset.File, asset.Type) : Results.NotFound());
        routes.MapGet(Prefix + "/{**view}", (string? view, HttpContext http) => Serve(http, "index.html", "text/html; charset=utf-8"));
    }

    private static IResult Serve(HttpContext http, string file, string type)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated each time: an upgraded server serves its own page at once.
        headers.CacheControl = "no-cache";
        return Results.Bytes(Read(file), type);
    }

    private static readonly Dictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    private static byte[] Read(string file)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(file, out var bytes)) return bytes;
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Barge.Server.Ui." + file)
                               ?? throw new InvalidOperationException($"the page's file {file} is not embedded in the server");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Cache[file] = copy.ToArray();
        }
    }
}
