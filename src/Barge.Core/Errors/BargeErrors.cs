namespace Barge.Core.Errors;

/// <summary>
/// A failure Core or a store reports on purpose: its <see cref="Kind"/> decides how each dialect answers it, its
/// message is our own text (never a driver's, which stays in <see cref="Exception.InnerException"/> for the log), and
/// the facts a dialect may need to word or place it are data (<see cref="Field"/>, <see cref="ClassName"/>).
/// </summary>
public abstract class BargeException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>The input field at fault, when one is (a property, a header, a query parameter).</summary>
    public string? Field { get; init; }

    /// <summary>The class (collection) the failure is about, when there is one.</summary>
    public string? ClassName { get; init; }

    /// <summary>How long a client should wait before sending the same request again; null when waiting will not help.</summary>
    public virtual TimeSpan? RetryAfter => null;
}

/// <summary>
/// A request-level failure caused by the caller's input. Dialects map it to their own 4xx
/// (Weaviate: 422 with <c>{"error":[{"message"}]}</c>). The message is the exact text clients see.
/// </summary>
public class UserInputException(string message) : BargeException(ErrorKind.Invalid, message);

/// <summary>The thing addressed by the request does not exist (Weaviate answers 404 with an empty body).</summary>
public sealed class NotFoundException(string message) : BargeException(ErrorKind.NotFound, message);

/// <summary>The principal may not do this (403).</summary>
public sealed class ForbiddenException(string message) : BargeException(ErrorKind.Forbidden, message);

/// <summary>A failure that is not the caller's fault and not a bug of theirs to fix; mapped to 500 with this text.</summary>
public sealed class StoreException(string message, Exception? inner = null) : BargeException(ErrorKind.StoreFailure, message, inner);

/// <summary>
/// The store cannot be reached (its server is down, restarting or refusing connections). The request may be sent again
/// (503 with <c>Retry-After</c>, gRPC UNAVAILABLE): a write cut before its commit left nothing, one cut during its
/// commit may have been written, which a retry of upserts by id does not change. The message is ours; the driver's
/// text stays in <see cref="Exception.InnerException"/> for the log.
/// </summary>
public sealed class StoreUnavailableException(Exception? inner = null)
    : BargeException(ErrorKind.Unavailable, "the store cannot be reached at the moment: retry later", inner)
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);
    public override TimeSpan? RetryAfter => DefaultRetryAfter;
}

/// <summary>
/// The server holds as much queued work as it may: the request was refused before anything of it was done or
/// journaled, and the same request may be sent again after <see cref="RetryAfter"/> (429 with <c>Retry-After</c>,
/// gRPC RESOURCE_EXHAUSTED).
/// </summary>
public sealed class OverloadedException(string message, TimeSpan retryAfter) : BargeException(ErrorKind.Overloaded, message)
{
    /// <summary>How long the client is told to wait.</summary>
    public TimeSpan Wait { get; } = retryAfter;

    public override TimeSpan? RetryAfter => Wait;
}

/// <summary>
/// The store could not write for lack of space: the disk is full, or the data folder or database is read-only. The
/// request's transaction rolled back, so nothing of it was written; reads still work, and the same request may be sent
/// again once space returns (507 with <c>Retry-After</c>, gRPC RESOURCE_EXHAUSTED). The message is ours, never the
/// engine's text, which stays in <see cref="Exception.InnerException"/> for the log.
/// </summary>
public sealed class OutOfSpaceException : BargeException
{
    /// <summary>How long a client is told to wait: freeing space is an operator's job, not a matter of milliseconds.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    private OutOfSpaceException(string message, Exception? inner) : base(ErrorKind.StoreLimit, message, inner) { }

    public override TimeSpan? RetryAfter => DefaultRetryAfter;

    /// <summary>The disk (or the database's size limit) is full.</summary>
    public static OutOfSpaceException DiskFull(Exception? inner = null) =>
        new("the store is out of disk space: nothing of this request was written; retry once space has been freed", inner);

    /// <summary>The data folder or database cannot be written at all.</summary>
    public static OutOfSpaceException ReadOnly(Exception? inner = null) =>
        new("the store's data folder is read-only: nothing of this request was written; retry once it is writable again", inner);

    /// <summary>
    /// The store was opened on a data folder it could not write and serves reads only: a write cannot succeed until the
    /// folder is writable and the server is started again, so the message says both.
    /// </summary>
    public static OutOfSpaceException OpenedReadOnly(Exception? inner = null) =>
        new("the store was opened on a read-only data folder and serves reads only: nothing of this request was written; retry once the folder is writable and the server has been restarted", inner);

    /// <summary>
    /// A write to the data folder failed: it became read-only under the server, or the disk fails; the engine's code
    /// does not tell which, so the message names both.
    /// </summary>
    public static OutOfSpaceException Unwritable(Exception? inner = null) =>
        new("the store could not write to its data folder (read-only, or a failing disk): nothing of this request was written; retry once it is writable again", inner);
}
