using Barge.Server.Hosting;

namespace Barge.Server.Auth;

/// <summary>
/// Who may call, the same for every transport (REST middleware, gRPC interceptor): API keys or the anonymous user,
/// then Weaviate's admin list (admins do everything, read-only users only <c>get</c> and <c>list</c>). The messages
/// are Weaviate's; each transport puts them in its own error shape.
/// </summary>
public sealed class AccessRules(AuthOptions options, bool anonymousAllowed)
{
    public const string AnonymousRefused = "anonymous access not enabled. Please authenticate through one of the available methods: [API-keys]";
    public const string InvalidKey = "invalid api key, please provide a valid api key";

    private readonly ApiKeyAuthenticator _keys = new(options);

    /// <summary>The caller for <paramref name="token"/> (null: none sent), or the reason it is refused.</summary>
    public (Principal? Principal, string? Refusal) Authenticate(string? token)
    {
        if (token is null) return anonymousAllowed ? (Principal.Anonymous, null) : (null, AnonymousRefused);
        return _keys.Authenticate(token) is { } p ? (p, null) : (null, InvalidKey);
    }

    /// <summary>Weaviate's 403 text when the admin list forbids <paramref name="verb"/> on <paramref name="resource"/>, else null.</summary>
    public string? Forbidden(Principal principal, string verb, string resource) =>
        options.AdminListEnabled && !options.AdminUsers.Contains(principal.User)
            && !(Permissions.IsReadOnly(verb) && options.ReadOnlyUsers.Contains(principal.User))
            ? $"forbidden: user '{principal.User}' has insufficient permissions to {verb} {resource}"
            : null;
}
