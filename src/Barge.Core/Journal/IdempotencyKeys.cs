namespace Barge.Core.Journal;

/// <summary>
/// Idempotency keys belong to the user who sent them (anonymous is one user): the same key from another user is a
/// different key, so no user can reach another's answers, batch ids or summaries by reusing or guessing keys.
/// The journal keeps the scoped form; the user's name is length-prefixed so that no two (user, key) pairs collide.
/// </summary>
public static class IdempotencyKeys
{
    public static string Scoped(string user, string key) => $"{user.Length}:{user}:{key}";
}
