namespace Barge.Server.Grpc.Protocol;

/// <summary>
/// On the server a <c>BatchObjectsRequest</c> is read by <see cref="RawBatchObjects.ReadRequest"/>: its objects arrive
/// in <see cref="Raw"/>, as bytes, and <c>Objects</c> stays empty.
/// </summary>
internal sealed partial class BatchObjectsRequest
{
    /// <summary>The request's objects as bytes; null for a message built in memory rather than read from the wire.</summary>
    internal RawBatchObjects? Raw { get; set; }
}
