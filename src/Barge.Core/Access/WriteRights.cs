using Barge.Core.Errors;
using Barge.Core.Hat;

namespace Barge.Core.Access;

/// <summary>
/// Who may write which collections: the one place every dialect asks before it changes data. Today the only limits
/// are HAT's namespace grants (<c>BARGE_HAT_NAMESPACES</c>): a user with an entry (or covered by the <c>*</c> entry) may
/// write only the collections of the namespaces granted, whichever API the write comes through, because every dialect
/// reads and writes every other's data. A user without an entry may write everything; collections outside HAT's
/// naming are not limited. Reads are not limited here.
/// </summary>
public sealed class WriteRights(IReadOnlyDictionary<string, IReadOnlyList<string>> namespaceGrants)
{
    /// <summary>Whether <paramref name="user"/> may write the records of namespace <paramref name="ns"/>.</summary>
    public bool MayWriteNamespace(string user, string ns) =>
        Granted(user) is not { } granted || granted.Contains("*") || granted.Contains(ns);

    /// <summary>Null when <paramref name="user"/> may write objects of <paramref name="className"/>, else why not.</summary>
    public string? Refusal(string user, string className)
    {
        if (!HatNames.IsHatClass(className) || Granted(user) is not { } granted || granted.Contains("*")) return null;
        var ns = HatNames.NamespaceOfClass(className);
        if (ns is not null && granted.Contains(ns)) return null;
        var which = ns is null ? "a HAT namespace it cannot be traced to" : $"HAT namespace '{ns}'";
        return $"forbidden: user '{user}' has insufficient permissions to write collection {className}: it belongs to {which}, which the user may not write";
    }

    /// <summary>Throws <see cref="ForbiddenException"/> when <paramref name="user"/> may not write <paramref name="className"/>.</summary>
    public void Demand(string user, string className)
    {
        if (Refusal(user, className) is { } refusal) throw new ForbiddenException(refusal);
    }

    private IReadOnlyList<string>? Granted(string user) =>
        namespaceGrants.TryGetValue(user, out var granted) || namespaceGrants.TryGetValue("*", out granted) ? granted : null;
}
