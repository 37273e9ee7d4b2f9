using Barge.Server.Hosting;

namespace Barge.Server.Tests.Access;

/// <summary>The kinds of caller the access matrices try, and a server configured to tell them apart.</summary>
public enum Caller { Anonymous, WrongKey, Reader, Plain, Admin }

public static class AccessCallers
{
    /// <summary>
    /// API keys on, anonymous access off, the admin list on with one admin and one read-only user, and a plain user
    /// on neither list. The wrong-key throttle is off: a matrix tries every route with a wrong key, and the throttle
    /// has its own tests.
    /// </summary>
    public static BargeOptions Configure(BargeOptions options) => options with
    {
        Auth = new AuthOptions
        {
            AnonymousAccessEnabled = false, ApiKeyEnabled = true,
            ApiKeys = ["admin-key", "reader-key", "plain-key"], ApiKeyUsers = ["admin", "reader", "plain"],
            AdminListEnabled = true, AdminUsers = ["admin"], ReadOnlyUsers = ["reader"],
            FailedAuthLimit = 0,
        },
    };

    public static string? Token(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.WrongKey => "not-a-key",
        Caller.Reader => "reader-key",
        Caller.Plain => "plain-key",
        _ => "admin-key",
    };
}
