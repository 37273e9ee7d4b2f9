using System.Text.Json.Nodes;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Barge.Server.BatchService;

/// <summary>The one error shape of the <c>/api/batch</c> routes: RFC 9457 problem details <c>{status, title, detail}</c>.</summary>
public static class ProblemResults
{
    /// <summary>What the batch service's group answers as problem details (bad input is 400).</summary>
    public static readonly BatchDialect Dialect = new("batch", Problem, StatusCodes.Status400BadRequest);

    public static IResult Problem(int status, string detail) =>
        Results.Text(new JsonObject
        {
            ["status"] = status,
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
            ["detail"] = detail,
        }.ToJsonString(WeaviateResults.Serializer), "application/problem+json", System.Text.Encoding.UTF8, status);
}
