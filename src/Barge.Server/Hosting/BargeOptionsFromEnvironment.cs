using System.Globalization;

namespace Barge.Server.Hosting;

/// <summary>Reads <see cref="BargeOptions"/> from environment variables; refuses invalid values loudly.</summary>
public static class BargeOptionsFromEnvironment
{
    public static BargeOptions Read(Func<string, string?> env)
    {
        var d = new BargeOptions();
        return d with
        {
            DataPath = env("PERSISTENCE_DATA_PATH") ?? d.DataPath,
            Listen = env("BARGE_LISTEN") ?? d.Listen,
            AutoSchemaEnabled = Bool(env, "AUTOSCHEMA_ENABLED") ?? d.AutoSchemaEnabled,
            AutoSchemaDefaultString = env("AUTOSCHEMA_DEFAULT_STRING") ?? d.AutoSchemaDefaultString,
            AutoSchemaDefaultNumber = env("AUTOSCHEMA_DEFAULT_NUMBER") ?? d.AutoSchemaDefaultNumber,
            AutoSchemaDefaultDate = env("AUTOSCHEMA_DEFAULT_DATE") ?? d.AutoSchemaDefaultDate,
            DefaultTokenization = env("DEFAULT_TOKENIZATION") ?? d.DefaultTokenization,
            QueryMaximumResults = Int(env, "QUERY_MAXIMUM_RESULTS") ?? d.QueryMaximumResults,
            QueryDefaultsLimit = Int(env, "QUERY_DEFAULTS_LIMIT") ?? d.QueryDefaultsLimit,
            MaxRequestBytes = Long(env, "BARGE_MAX_REQUEST_BYTES") ?? d.MaxRequestBytes,
            MaxJsonDepth = Int(env, "BARGE_MAX_JSON_DEPTH") ?? d.MaxJsonDepth,
            MaxBatchItems = Int(env, "BARGE_MAX_BATCH_ITEMS") ?? d.MaxBatchItems,
            Auth = new AuthOptions
            {
                AnonymousAccessEnabled = Bool(env, "AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED"),
                ApiKeyEnabled = Bool(env, "AUTHENTICATION_APIKEY_ENABLED") ?? false,
                ApiKeys = List(env, "AUTHENTICATION_APIKEY_ALLOWED_KEYS"),
                ApiKeyUsers = List(env, "AUTHENTICATION_APIKEY_USERS"),
                AdminListEnabled = Bool(env, "AUTHORIZATION_ADMINLIST_ENABLED") ?? false,
                AdminUsers = List(env, "AUTHORIZATION_ADMINLIST_USERS"),
                ReadOnlyUsers = List(env, "AUTHORIZATION_ADMINLIST_READONLY_USERS"),
            },
        };
    }

    public static BargeOptions FromProcess() => Read(Environment.GetEnvironmentVariable);

    private static IReadOnlyList<string> List(Func<string, string?> env, string name) =>
        env(name) is { Length: > 0 } v ? v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];

    private static bool? Bool(Func<string, string?> env, string name) => env(name) switch
    {
        null or "" => null,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw new ArgumentException($"{name} must be true or false, got '{v}'"),
    };

    private static int? Int(Func<string, string?> env, string name) => env(name) switch
    {
        null or "" => null,
        var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i > 0 => i,
        var v => throw new ArgumentException($"{name} must be a positive integer, got '{v}'"),
    };

    private static long? Long(Func<string, string?> env, string name) => env(name) switch
    {
        null or "" => null,
        var v when long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i > 0 => i,
        var v => throw new ArgumentException($"{name} must be a positive integer, got '{v}'"),
    };
}
