using Barge.Core.Hat;
using Barge.Server.Auth;
using Barge.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.Hat;

/// <summary>
/// HAT's <c>NamespaceWrite</c>: the caller must be allowed to write every namespace a request touches, or the whole
/// request is refused (403). The grants come from <see cref="BargeOptions.HatNamespaces"/>.
/// </summary>
public static class HatAccess
{
    public static bool MayWriteAll(HttpContext http, BargeOptions options, IEnumerable<string> fullEndpoints)
    {
        var user = http.Principal().User;
        if (!options.HatNamespaces.TryGetValue(user, out var granted) && !options.HatNamespaces.TryGetValue("*", out granted)) return true;
        if (granted.Contains("*")) return true;
        // A name without a namespace part grants nothing to check here: it fails the name rules on its own.
        return fullEndpoints.Where(e => e.Contains('/', StringComparison.Ordinal)).All(e => granted.Contains(HatNames.NamespaceOf(e)));
    }
}
