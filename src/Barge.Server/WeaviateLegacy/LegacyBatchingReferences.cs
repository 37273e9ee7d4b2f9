using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Batching;
using Barge.Core.Schema;
using Barge.Server.BatchService;
using Barge.Server.Hosting;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Microsoft.AspNetCore.Http;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// <c>POST /v1/batching/references</c> (spec §9): kind-segment <c>from</c>/<c>to</c> are translated to v1 form for
/// <see cref="ReferenceBatchService"/> and the canonical answers translated back. Rows as in v1 (§2.3): failed rows
/// omit <c>from</c> and <c>to</c>.
/// </summary>
public static class LegacyBatchingReferences
{
    public static async Task<IResult> AddAsync(HttpContext http, ReferenceBatchService references, SchemaService schema, BargeOptions options)
    {
        // Barge's dry run and atomic batches, as on v1's batch routes (0.23 had neither).
        if (BatchObjectsApi.JournalFlags(http, out var dryRun, out var atomic) is { } badFlag) return badFlag;
        var (list, listError) = await BatchReferencesApi.ReadListAsync(http, options);
        if (listError is not null) return listError;

        // A reference whose 0.x URIs cannot be translated goes in as refused: it fails alone, and the journal counts it.
        var inputs = new List<ReferenceInput>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject item) return WeaviateResults.Framework(601, $"body.{i} in body must be of type object: \"{ObjectWire.KindName(list[i])}\"");
            if (Uri(item, "from", i, out var from) is { } fromError) return fromError;
            if (Uri(item, "to", i, out var to) is { } toError) return toError;
            var (v1From, error) = LegacyBeacons.SourceToV1(from);
            string? v1To = null;
            if (error is null) (v1To, error) = LegacyBeacons.TargetToV1(to);
            inputs.Add(error is null ? new ReferenceInput(v1From!, v1To!, null) : new ReferenceInput("", "", null) { Refused = error });
        }

        var added = await references.AddAsync(inputs, BatchRequests.From(http, options, "weaviate0.batching.references", dryRun, atomic), http.RequestAborted);
        http.Response.Headers[BatchRequests.IdHeader] = added.BatchId;
        var results = added.Items;
        var answer = new JsonArray();
        foreach (var done in results)
        {
            answer.Add(done.Error?.Message is { } message
                ? new JsonObject
                {
                    ["result"] = new JsonObject
                    {
                        ["status"] = "FAILED",
                        ["errors"] = new JsonObject { ["error"] = new JsonArray(new JsonObject { ["message"] = message }) },
                    },
                }
                : new JsonObject
                {
                    ["from"] = LegacyBeacons.SourceToLegacy(done.From!, schema),
                    ["to"] = LegacyBeacons.TargetToLegacy(done.To!, schema),
                    ["result"] = new JsonObject { ["status"] = "SUCCESS" },
                });
        }
        var failed = results.Count(r => !r.Succeeded);
        BatchCountHeaders.Set(http, list.Count - failed, failed);
        return WeaviateResults.Ok(answer);
    }

    /// <summary>A <c>from</c>/<c>to</c> member: absent is an empty URI (fails as a bad URI), another JSON type a 601.</summary>
    private static IResult? Uri(JsonObject item, string name, int index, out string value)
    {
        value = "";
        if (item[name] is not { } node) return null;
        if (node.GetValueKind() != JsonValueKind.String)
            return WeaviateResults.Framework(601, $"body.{index}.{name} in body must be of type uri: \"{ObjectWire.KindName(node)}\"");
        value = (string)node!;
        return null;
    }
}
