namespace Barge.Core.Errors;

/// <summary>
/// A request-level failure caused by the caller's input. Dialects map it to their own 4xx
/// (Weaviate: 422 with <c>{"error":[{"message"}]}</c>). The message is the exact text clients see.
/// </summary>
public class UserInputException(string message) : Exception(message);

/// <summary>The thing addressed by the request does not exist (Weaviate answers 404 with an empty body).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The principal may not do this (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>A failure that is not the caller's fault and not a bug of theirs to fix; mapped to 500 with this text.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The server holds as much queued work as it may: the request was refused before anything of it was done or
/// journaled, and the same request may be sent again after <see cref="RetryAfter"/> (429 with <c>Retry-After</c>,
/// gRPC RESOURCE_EXHAUSTED).
/// </summary>
public sealed class OverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The store could not write for lack of space: the disk is full, or the data folder or database is read-only. The
/// request's transaction rolled back, so nothing of it was written; reads still work, and the same request may be sent
/// again once space returns (507 with <c>Retry-After</c>, gRPC RESOURCE_EXHAUSTED). The message is ours, never the
/// engine's text, which stays in <see cref="Exception.InnerException"/> for the log.
/// </summary>
public sealed class OutOfSpaceException : Exception
{
    /// <summary>How long a client is told to wait: freeing space is an operator's job, not a matter of milliseconds.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    private OutOfSpaceException(string message, Exception? inner) : base(message, inner) { }

    public TimeSpan RetryAfter => DefaultRetryAfter;

    /// <summary>The disk (or the database's size limit) is full.</summary>
    public static OutOfSpaceException DiskFull(Exception? inner = null) =>
        new("the store is out of disk space: nothing of this request was written; retry once space has been freed", inner);

    /// <summary>The data folder or database cannot be written at all.</summary>
    public static OutOfSpaceException ReadOnly(Exception? inner = null) =>
        new("the store's data folder is read-only: nothing of this request was written; retry once it is writable again", inner);
}
