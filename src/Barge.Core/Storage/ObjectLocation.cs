namespace Barge.Core.Storage;

/// <summary>Where one stored object is: its class, its tenant (null for none) and its id.</summary>
public sealed record ObjectLocation(string Class, string? Tenant, string Id);
