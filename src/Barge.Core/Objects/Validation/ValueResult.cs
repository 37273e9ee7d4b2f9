namespace Barge.Core.Objects.Validation;

/// <summary>
/// Whether a value passed its checks (its normalized form then written to the caller's writer) or why it was
/// rejected. Internal so that the per-type checkers can compose without exceptions (a batch of thousands of bad
/// objects must not pay for thousands of throws). On a failure the writer holds a partial value: the caller drops
/// the whole object's output, since one bad value fails the object.
/// </summary>
internal readonly record struct ValueResult(ValueMessage? Error)
{
    public bool Failed => Error is not null;
    public static ValueResult Ok => default;
    public static ValueResult Fail(ValueMessage error) => new(error);
}
