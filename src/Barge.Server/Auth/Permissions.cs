namespace Barge.Server.Auth;

/// <summary>Names a request the way Weaviate's forbidden messages do (<c>create batch/objects</c>, <c>update batch/*</c>).</summary>
public static class Permissions
{
    public static (string Verb, string Resource) Describe(string method, string path)
    {
        var trimmed = path.StartsWith("/v1/", StringComparison.Ordinal) ? path[4..] : path.TrimStart('/');
        if (trimmed.StartsWith("batch/references", StringComparison.Ordinal)) return ("update", "batch/*");
        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => "get",
            "POST" => trimmed.StartsWith("graphql", StringComparison.Ordinal) ? "get" : "create",
            "PUT" or "PATCH" => "update",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        return (verb, trimmed.Length == 0 ? "*" : trimmed.TrimEnd('/'));
    }
}
