namespace Barge.Client.Batching;

/// <summary>
/// The fate of one added item. <see cref="Index"/> counts additions from zero (objects and references each on their
/// own), <see cref="Tag"/> is what the caller passed with it, <see cref="Json"/> the bytes that were sent for it.
/// </summary>
public sealed record ItemResult(
    long Index,
    bool IsReference,
    string? Class,
    string? Id,
    string? Error,
    string? BatchId,
    object? Tag,
    ReadOnlyMemory<byte> Json)
{
    public bool Succeeded => Error is null;
}
