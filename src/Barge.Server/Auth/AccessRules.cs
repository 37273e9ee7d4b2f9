using Barge.Server.Hosting;

namespace Barge.Server.Auth;

/// <summary>
/// Who may call, the same for every transport (REST middleware, gRPC interceptor): API keys or the anonymous user,
/// then Weaviate's admin list (admins do everything, read-only users only <c>get</c> and <c>list</c>). The messages
/// are Weaviate's; each transport puts them in its own error shape.
/// </summary>
public sealed class AccessRules(AuthOptions options, bool anonymousAllowed) : IDisposable
{
    public const string AnonymousRefused = "anonymous access not enabled. Please authenticate through one of the available methods: [API-keys]";
    public const string InvalidKey = "invalid api key, please provide a valid api key";

    private readonly ApiKeyAuthenticator _keys = new(options);
    private readonly FailedAuthThrottle _throttle = new(options);

    /// <summary>
    /// The caller for <paramref name="token"/> (null: none sent) from the address <paramref name="client"/>, or why
    /// it is refused: a wrong key, or too many wrong keys from that address lately (with how long to wait).
    /// </summary>
    public (Principal? Principal, AuthRefusal? Refusal) Authenticate(string? token, string client)
    {
        if (token is null) return anonymousAllowed ? (Principal.Anonymous, null) : (null, new AuthRefusal(AnonymousRefused, null));
        if (_throttle.Blocked(client) is { } wait) return (null, new AuthRefusal(TooManyFailures, wait));
        if (_keys.Authenticate(token) is { } p) return (p, null);
        _throttle.Failed(client);
        return (null, new AuthRefusal(InvalidKey, null));
    }

    public const string TooManyFailures = "too many failed authentications from this address, try again later";

    public void Dispose() => _throttle.Dispose();

    /// <summary>Weaviate's 403 text when the admin list forbids <paramref name="verb"/> on <paramref name="resource"/>, else null.</summary>
    public string? Forbidden(Principal principal, string verb, string resource) =>
        options.AdminListEnabled && !options.AdminUsers.Contains(principal.User)
            && !(Permissions.IsReadOnly(verb) && options.ReadOnlyUsers.Contains(principal.User))
            ? $"forbidden: user '{principal.User}' has insufficient permissions to {verb} {resource}"
            : null;
}

/// <summary>Why a caller is not let in; <see cref="RetryAfter"/> is set when it is for a while (too many wrong keys).</summary>
public sealed record AuthRefusal(string Message, TimeSpan? RetryAfter);
