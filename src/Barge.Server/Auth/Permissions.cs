namespace Barge.Server.Auth;

/// <summary>
/// Names a request the way Weaviate's authorizer does (verb and resource, as in <c>create batch/objects</c>,
/// <c>list objects</c>, <c>update objects/Article/&lt;id&gt;</c>), so that 403 messages match and read-only users
/// get exactly what Weaviate grants them: the <c>get</c> and <c>list</c> verbs.
/// </summary>
public static class Permissions
{
    public static (string Verb, string Resource) Describe(string method, string path)
    {
        var trimmed = (path.StartsWith("/v1/", StringComparison.Ordinal) ? path[4..] : path.TrimStart('/')).TrimEnd('/');
        var segments = trimmed.Split('/');
        var m = method.ToUpperInvariant();
        switch (segments[0])
        {
            case "batch" when trimmed.StartsWith("batch/references", StringComparison.Ordinal):
                return ("update", "batch/*");
            // Every GraphQL request first needs the right to read the schema.
            case "graphql":
                return ("list", "schema/*");
            case "schema":
                return m switch
                {
                    "GET" or "HEAD" => ("list", "schema/*"),
                    "POST" when segments.Length == 1 => ("create", "schema/objects"),
                    "DELETE" => ("delete", "schema/objects"),
                    _ => ("update", "schema/objects"),
                };
            case "nodes":
                return ("list", "nodes");
            case "objects" when segments.Length == 1 && m is "GET" or "HEAD":
                return ("list", "objects");
            case "objects" when segments is [_, "validate"] && m == "POST":
                return ("validate", "objects");
            // The reference sub-routes change the source object, whatever their method.
            case "objects" when segments.Length >= 3 && segments[^2] == "references":
                return ("update", string.Join('/', segments[..^2]));
        }
        var verb = m switch
        {
            "GET" or "HEAD" => "get",
            "POST" => "create",
            "PUT" or "PATCH" => "update",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        return (verb, trimmed.Length == 0 ? "*" : trimmed);
    }

    /// <summary>Weaviate's admin list lets read-only users do only these.</summary>
    public static bool IsReadOnly(string verb) => verb is "get" or "list";
}
