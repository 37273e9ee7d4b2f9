using Barge.Core.Errors;
using GraphQL;

namespace Barge.Server.GraphQL;

/// <summary>
/// Core's refusals as GraphQL errors: a resolver's <see cref="ExecutionError"/> lands in the response's <c>errors</c>
/// with its own message (HTTP 200, as Weaviate answers), where any other exception would be hidden behind a generic text.
/// </summary>
internal static class Errors
{
    public static async Task<object?> Guard(Func<Task<object?>> resolve)
    {
        try
        {
            return await resolve().ConfigureAwait(false);
        }
        catch (BargeException e) when (e.Kind is ErrorKind.Invalid or ErrorKind.NotFound or ErrorKind.StoreFailure or ErrorKind.Forbidden)
        {
            throw new ExecutionError(e.Message, e);
        }
    }
}
