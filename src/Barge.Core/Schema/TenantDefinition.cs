namespace Barge.Core.Schema;

/// <summary>
/// A tenant of a multi-tenant class, with Weaviate's REST activity status. Barge serves every tenant, so the only
/// status it keeps is <see cref="Hot"/> (active).
/// </summary>
public sealed record TenantDefinition(string Name, string ActivityStatus)
{
    public const string Hot = "HOT";
}
