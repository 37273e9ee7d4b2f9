using Barge.Core.Filters;

namespace Barge.Core.Storage;

/// <summary>
/// The objects of one class and tenant that a scan reads: all of them, or those matching a validated filter.
/// Scans stream in id order, so a consumer holds one row at a time and its memory does not grow with the class.
/// </summary>
public sealed record ObjectScan(string Class, string? Tenant, FilterNode? Filter = null);

/// <summary>An object's id (canonical lower-case) and its vector, as a vector scan streams them.</summary>
public readonly record struct StoredVector(string Id, float[] Vector);
