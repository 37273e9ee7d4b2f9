using System.Runtime.CompilerServices;
using Barge.Core.Errors;

namespace Barge.Storage.Relational;

/// <summary>
/// A filter that passed validation but that the database cannot run (more bound values than one statement takes, an
/// expression nested deeper than the engine compiles): the caller's input, not a server fault, so it is answered as
/// <see cref="UserInputException"/> (422 / INVALID_ARGUMENT) with our own message naming the limit to lower. The
/// filter limits' defaults keep every filter runnable; this is what an operator who raised them past the database's
/// own limits gets instead of a 500 with the engine's text.
/// </summary>
public static class FilterRefusal
{
    /// <summary>The filter binds more values than <paramref name="engine"/> takes in one statement.</summary>
    public static UserInputException TooManyValues(string engine, int limit) =>
        new($"invalid where filter: the filter needs more than {limit} bound values, more than {engine} takes in one statement: narrow it, or lower BARGE_MAX_FILTER_VALUES");

    /// <summary><paramref name="engine"/> refused the compiled filter for <paramref name="reason"/>.</summary>
    public static UserInputException Refused(string engine, string reason) =>
        new($"invalid where filter: {engine} cannot run this filter ({reason}): narrow it, or lower the BARGE_MAX_FILTER_* limits");

    /// <summary>Runs a filtered query, answering a refusal <paramref name="refusal"/> recognises with its exception.</summary>
    public static async Task<T> Run<T>(Func<Task<T>> query, Func<Exception, Exception?> refusal)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception e) when (refusal(e) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>
    /// A filtered scan's rows, a refusal <paramref name="refusal"/> recognises answered with its exception. The
    /// database may refuse when the statement is prepared or only when the first rows are produced, so every step is checked.
    /// </summary>
    public static async IAsyncEnumerable<T> Run<T>(IAsyncEnumerable<T> rows, Func<Exception, Exception?> refusal,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var e = rows.GetAsyncEnumerator(ct);
        while (true)
        {
            T current;
            try
            {
                if (!await e.MoveNextAsync().ConfigureAwait(false)) yield break;
                current = e.Current;
            }
            catch (Exception ex) when (refusal(ex) is { } refused)
            {
                throw refused;
            }
            yield return current;
        }
    }
}
