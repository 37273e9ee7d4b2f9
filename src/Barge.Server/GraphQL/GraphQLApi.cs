using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using System.Collections.Concurrent;
using GraphQL;
using GraphQL.Execution;
using GraphQL.SystemTextJson;
using GraphQL.Validation;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barge.Server.GraphQL;

/// <summary>
/// <c>POST /v1/graphql</c> and <c>POST /v1/graphql/batch</c> (spec §7.4): <c>{"query","operationName","variables"}</c>
/// executed against the schema generated from the classes (<see cref="GraphQLSchemas"/>). GraphQL errors come back with
/// HTTP 200 in <c>errors</c> (<c>message</c>, <c>locations</c>, <c>path</c>, as Weaviate's), never as a 500; a request
/// that is not a query at all is a 422 in Weaviate's REST error shape. The batch answers each query in order, a bad
/// item as an item with <c>errors</c>. A document past <see cref="GraphQLDocumentLimits"/> is answered in <c>errors</c>
/// before it is validated or run.
/// </summary>
public static partial class GraphQLApi
{
    /// <summary>Resolvers run at once for one request: an aliased class field is a database query of its own.</summary>
    private const int ParallelResolvers = 4;

    /// <summary>One parser and executer per parser depth in force (one per server in practice).</summary>
    private static readonly ConcurrentDictionary<int, (GraphQLDocumentBuilder Builder, DocumentExecuter Executer)> Engines = new();
    private static readonly GraphQLSerializer Serializer = new();

    public static void MapWeaviateGraphQL(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/graphql", QueryAsync);
        routes.MapPost("/v1/graphql/batch", BatchAsync);
    }

    private static async Task<IResult> QueryAsync(HttpContext http, GraphQLSchemas schemas, BargeOptions options)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return body.Error;
        if (body.Node is not JsonObject request) return WeaviateResults.Framework(601, $"body in body must be of type object: \"{ObjectWire.KindName(body.Node)}\"");
        var (answer, refusal) = await RunAsync(request, schemas, options.GraphQLLimits, new GraphQLFieldBudget(), http.RequestAborted);
        return refusal is not null ? WeaviateResults.Error(StatusCodes.Status422UnprocessableEntity, refusal) : WeaviateResults.Ok(answer);
    }

    private static async Task<IResult> BatchAsync(HttpContext http, GraphQLSchemas schemas, BargeOptions options)
    {
        var body = await JsonBody.ReadAsync(http, options);
        if (body.Error is not null) return body.Error;
        if (body.Node is not JsonArray requests) return WeaviateResults.Framework(601, $"body in body must be of type array: \"{ObjectWire.KindName(body.Node)}\"");
        var answers = new JsonArray();
        // The items share one field budget: a batch of many small queries is as much work as one query of them all.
        var budget = new GraphQLFieldBudget();
        foreach (var item in requests)
        {
            if (item is not JsonObject request)
            {
                answers.Add(ErrorAnswer("422: the query must be a JSON object"));
                continue;
            }
            var (answer, refusal) = await RunAsync(request, schemas, options.GraphQLLimits, budget, http.RequestAborted);
            answers.Add(refusal is not null ? ErrorAnswer("422: " + refusal) : answer);
        }
        return WeaviateResults.Ok(answers);
    }

    private static JsonObject ErrorAnswer(string message) =>
        new() { ["errors"] = new JsonArray(new JsonObject { ["message"] = message }) };

    /// <summary>The GraphQL answer, or why the request is refused before it is run (Weaviate's 422 texts).</summary>
    private static async Task<(JsonNode? Answer, string? Refusal)> RunAsync(JsonObject request, GraphQLSchemas schemas, GraphQLDocumentLimits limits,
        GraphQLFieldBudget budget, CancellationToken ct)
    {
        var query = request["query"] is JsonValue q && q.GetValueKind() == JsonValueKind.String ? (string)q! : "";
        if (query.Trim().Length == 0) return (null, "query cannot be empty");
        var variables = request["variables"];
        if (variables is not null and not JsonObject) return (null, $"expected map[string]interface{{}}, received {GoText(variables)}");
        var operationName = request["operationName"] is JsonValue op && op.GetValueKind() == JsonValueKind.String ? (string)op! : null;

        if (budget.Spent(limits)) return (ErrorAnswer(limits.BatchTooLarge), null);
        var (builder, executer) = Engines.GetOrAdd(limits.MaxDepth, depth =>
            (new GraphQLDocumentBuilder { MaxDepth = depth }, new DocumentExecuter(new GraphQLDocumentBuilder { MaxDepth = depth }, new DocumentValidator())));
        GraphQLDocument? document = null;
        try
        {
            document = builder.Build(query);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            // GraphQL.NET answers this one with a bare "Error executing document."
            return (ErrorAnswer(limits.TooDeep), null);
        }
        catch (SyntaxError)
        {
            // Not parsed: the executer parses it again and answers the syntax error in GraphQL.NET's own words.
        }
        if (document is not null && await limits.ExceededAsync(document, budget, ct) is { } exceeded) return (ErrorAnswer(exceeded), null);

        var result = await executer.ExecuteAsync(o =>
        {
            o.Schema = schemas.Current;
            o.Query = query;
            o.Document = document;
            o.MaxParallelExecutionCount = ParallelResolvers;
            o.OperationName = string.IsNullOrEmpty(operationName) ? null : operationName;
            o.Variables = variables is null ? null : Serializer.Deserialize<Inputs>(variables.ToJsonString());
            o.CancellationToken = ct;
            o.ThrowOnUnhandledException = false;
        });
        return (Shape(JsonNode.Parse(Serializer.Serialize(result))!.AsObject()), null);
    }

    /// <summary>Weaviate's answer shape: <c>data</c> unless null, then <c>errors</c> with message, locations and path only.</summary>
    private static JsonObject Shape(JsonObject answer)
    {
        var shaped = new JsonObject();
        if (answer["data"] is { } data) shaped["data"] = data.DeepClone();
        if (answer["errors"] is JsonArray { Count: > 0 } errors)
        {
            var list = new JsonArray();
            foreach (var e in errors.OfType<JsonObject>())
            {
                var error = new JsonObject { ["message"] = Message((string?)e["message"] ?? "") };
                if (e["locations"] is { } locations) error["locations"] = locations.DeepClone();
                if (e["path"] is { } path) error["path"] = path.DeepClone();
                list.Add(error);
            }
            shaped["errors"] = list;
        }
        return shaped;
    }

    /// <summary>GraphQL.NET's unknown-field text in graphql-go's wording, which Weaviate's clients show (<c>Cannot query field "X" on type "GetObjectsObj".</c>).</summary>
    private static string Message(string message)
    {
        var m = UnknownField().Match(message);
        return m.Success ? $"Cannot query field \"{m.Groups[1].Value}\" on type \"{m.Groups[2].Value}\"." : message;
    }

    [GeneratedRegex("^Cannot query field '(.+?)' on type '(.+?)'\\.")]
    private static partial Regex UnknownField();

    /// <summary>A JSON value as Go's %v prints the decoded value (<c>[1 2 3]</c>), for Weaviate's variables error.</summary>
    private static string GoText(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonArray a => "[" + string.Join(" ", a.Select(GoText)) + "]",
        JsonObject o => "map[" + string.Join(" ", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + GoText(p.Value))) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (string)v!,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => ((double)v).ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
