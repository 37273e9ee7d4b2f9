namespace Barge.Core.Errors;

/// <summary>
/// What kind of failure a <see cref="BargeException"/> is. Dialects choose their status and error shape from the kind
/// alone (one switch per dialect), never from the message, which is only the text a client reads.
/// </summary>
public enum ErrorKind
{
    /// <summary>The caller's input is wrong (REST 422 or 400, gRPC INVALID_ARGUMENT).</summary>
    Invalid,

    /// <summary>The thing addressed does not exist (REST 404, gRPC NOT_FOUND).</summary>
    NotFound,

    /// <summary>The caller may not do this (403, PERMISSION_DENIED).</summary>
    Forbidden,

    /// <summary>A batch id or idempotency key is already taken by another batch (409, ALREADY_EXISTS).</summary>
    Conflict,

    /// <summary>The server holds as much queued work as it may; retry later (429, RESOURCE_EXHAUSTED).</summary>
    Overloaded,

    /// <summary>The store cannot write for lack of space or is read-only; retry later (507, RESOURCE_EXHAUSTED).</summary>
    StoreLimit,

    /// <summary>The store cannot be reached or is shutting down; retry later (503, UNAVAILABLE).</summary>
    Unavailable,

    /// <summary>The store refused a request that is valid input but that it cannot carry out (500 with our message).</summary>
    StoreFailure,
}
