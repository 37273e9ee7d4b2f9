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
