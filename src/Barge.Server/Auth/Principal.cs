namespace Barge.Server.Auth;

/// <summary>Who is calling: the user named for the API key, or the anonymous user.</summary>
public sealed record Principal(string User, bool IsAnonymous)
{
    public static readonly Principal Anonymous = new("anonymous", true);
}
