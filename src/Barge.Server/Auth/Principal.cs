namespace Barge.Server.Auth;

/// <summary>
/// Who is calling: the user named for the API key, or the anonymous user. <see cref="LogName"/> is how logs name
/// them: the user, except where the user is the API key itself.
/// </summary>
public sealed record Principal(string User, bool IsAnonymous)
{
    public string LogName { get; init; } = User;

    public static readonly Principal Anonymous = new("anonymous", true);
}
