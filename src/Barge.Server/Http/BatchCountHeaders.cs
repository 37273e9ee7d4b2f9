using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Http;

/// <summary>
/// <c>X-Batch-Succeeded</c> and <c>X-Batch-Failed</c> on every answer of a batch route, so that proxies and log
/// shippers see failures without parsing bodies. Handlers set the counts of a processed batch; a batch refused as a
/// whole (bad id format, too many items, bad query) answers 0 succeeded and every item it carried as failed.
/// </summary>
public sealed class BatchCountHeaders : IEndpointFilter
{
    private const string ItemsKey = "barge.batch.items";
    public const string Succeeded = "X-Batch-Succeeded";
    public const string Failed = "X-Batch-Failed";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.OnStarting(() =>
        {
            if (!http.Response.Headers.ContainsKey(Succeeded))
            {
                var items = http.Items.TryGetValue(ItemsKey, out var n) && n is int count ? count : 0;
                Set(http, 0, items);
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>How many items the request carried, once the handler knows (used if the batch is then refused).</summary>
    public static void RecordItems(HttpContext http, int items) => http.Items[ItemsKey] = items;

    public static void Set(HttpContext http, int succeeded, int failed)
    {
        http.Response.Headers[Succeeded] = succeeded.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[Failed] = failed.ToString(CultureInfo.InvariantCulture);
    }
}
