using Barge.Core.Access;
using Barge.Core.Hat;
using Barge.Core.Objects;
using Barge.Server.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Barge.Server.Hat;

/// <summary>
/// HAT's <c>NamespaceWrite</c>: the caller must be allowed to write every namespace a request touches, or the whole
/// request is refused (403). The rule itself is Core's <see cref="WriteRights"/>, the same for every dialect.
/// </summary>
public static class HatAccess
{
    public static bool MayWriteAll(HttpContext http, IEnumerable<string> fullEndpoints)
    {
        var rights = http.RequestServices.GetRequiredService<WriteRights>();
        var user = http.Principal().User;
        // A name without a namespace part grants nothing to check here: it fails the name rules on its own.
        return fullEndpoints.Where(e => e.Contains('/', StringComparison.Ordinal)).All(e => rights.MayWriteNamespace(user, HatNames.NamespaceOf(e)));
    }

    /// <summary>For stored records, by the collection they are in (not the endpoint written inside them, which any dialect can set).</summary>
    public static bool MayWriteAll(HttpContext http, IEnumerable<StoredObject> records)
    {
        var rights = http.RequestServices.GetRequiredService<WriteRights>();
        var user = http.Principal().User;
        return records.All(r => rights.Refusal(user, r.Class) is null);
    }
}
