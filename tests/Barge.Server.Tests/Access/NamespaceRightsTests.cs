using System.Text.Json.Nodes;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.BatchService.JournalTestKit;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Access;

/// <summary>
/// <c>BARGE_HAT_NAMESPACES</c> holds through every dialect, not only HAT's routes: a user allowed namespace <c>a</c>
/// writes the collections of <c>a</c> through v1, 0.x, the batch service and batches, and is refused every write to
/// those of <c>b</c> in the dialect's own shape (per item inside a batch), leaving <c>b</c>'s records exactly as they were.
/// Reads stay open.
/// </summary>
public sealed class NamespaceRightsTests : IAsyncLifetime
{
    private const string Alice = "alice-key"; // may write namespace a only
    private const string Bob = "bob-key";     // no entry: may write everything
    private const string Carol = "carol-key"; // an admin of the journal, limited to namespace a
    private const string OwnClass = "Hat_a_ep";
    private const string OtherClass = "Hat_b_ep";

    private TestServer _server = null!;
    private string _ownId = null!;
    private string _otherId = null!;
    private string _plainId = null!;
    private string _seedBatch = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with
        {
            Auth = new AuthOptions
            {
                AnonymousAccessEnabled = false, ApiKeyEnabled = true,
                ApiKeys = [Alice, Bob, Carol], ApiKeyUsers = ["alice", "bob", "carol"], AdminUsers = ["carol"],
            },
            HatNamespaces = BargeOptionsFromEnvironment.Read(n => n == "BARGE_HAT_NAMESPACES" ? "alice:a;carol:a" : null).HatNamespaces,
        });
        var seeded = await _server.SendWithAsync(HttpMethod.Post, "/api/v2.6/data-batch",
            """[{"endpoint":"a/ep","data":{"n":1}},{"endpoint":"b/ep","data":{"n":1}}]""", H(("X-Auth-Token", Bob)));
        Status(seeded, 201);
        _seedBatch = seeded.Headers["X-Batch-Id"];
        _ownId = (string)seeded.Json[0]!["recordId"]!;
        _otherId = (string)seeded.Json[1]!["recordId"]!;
        Status(await _server.PostAsync("/v1/schema", """{"class":"Plain","properties":[{"name":"title","dataType":["text"]}]}""", Bob), 200);
        _plainId = (string)(await _server.PostAsync("/v1/objects", """{"class":"Plain","properties":{"title":"p"}}""", Bob)).Json["id"]!;
        foreach (var cls in new[] { OwnClass, OtherClass })
            Status(await _server.PostAsync($"/v1/schema/{cls}/properties", """{"name":"link","dataType":["Plain"]}""", Bob), 200);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Every object of the other namespace's collection, as stored (ids, properties, update times).</summary>
    private async Task<string> OtherNamespaceAsync() => (await _server.GetAsync($"/v1/objects?class={OtherClass}&limit=100", Bob)).Json["objects"]!.ToJsonString();

    private static string Record(string cls, string ns) =>
        $$$"""{"class":"{{{cls}}}","properties":{"endpoint":"{{{ns}}}/ep","data":"{\"n\":2}","dataHash":"h"}}""";

    private string Beacon => $$"""{"beacon":"weaviate://localhost/Plain/{{_plainId}}"}""";

    private static void Refused(Reply reply)
    {
        Assert.True(reply.Status == 403, reply.ToString());
        Assert.Contains("forbidden: user 'alice'", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_object_writes_through_v1_are_refused_outside_the_granted_namespace()
    {
        var before = await OtherNamespaceAsync();
        foreach (var (cls, id, own) in new[] { (OwnClass, _ownId, true), (OtherClass, _otherId, false) })
        {
            var ns = own ? "a" : "b";
            var replies = new[]
            {
                await _server.PostAsync("/v1/objects", Record(cls, ns), Alice),
                await _server.PutAsync($"/v1/objects/{cls}/{id}", Record(cls, ns), Alice),
                await _server.PatchAsync($"/v1/objects/{cls}/{id}", """{"properties":{"dataHash":"patched"}}""", Alice),
                await _server.PostAsync($"/v1/objects/{cls}/{id}/references/link", Beacon, Alice),
                await _server.PutAsync($"/v1/objects/{cls}/{id}/references/link", $"[{Beacon}]", Alice),
                await _server.DeleteAsync($"/v1/objects/{cls}/{id}/references/link", Beacon, Alice),
                await _server.DeleteAsync($"/v1/objects/{cls}/{id}", null, Alice),
                // The class-less (deprecated) forms find the class by id and must not bypass the rule.
                await _server.PatchAsync($"/v1/objects/{id}", """{"properties":{"dataHash":"again"}}""", Alice),
            };
            foreach (var reply in replies.Take(replies.Length - 1))
                if (own) Assert.True(reply.Status is 200 or 204, reply.ToString());
                else Refused(reply);
            if (!own) Refused(replies[^1]); // the own record was deleted just before: 404 there
        }
        Assert.Equal(before, await OtherNamespaceAsync());
        Status(await _server.GetAsync($"/v1/objects/{OtherClass}/{_otherId}", Alice), 200); // reads stay open
    }

    [Fact]
    public async Task Batches_refuse_the_items_of_other_namespaces_and_keep_their_neighbours()
    {
        var before = await OtherNamespaceAsync();
        var objects = await _server.PostAsync("/v1/batch/objects",
            "{\"objects\":[" + Record(OtherClass, "b") + ",{\"class\":\"Plain\",\"properties\":{\"title\":\"n\"}}," + Record(OwnClass, "a") + "]}", Alice);
        Status(objects, 200);
        Assert.Equal(["FAILED", "SUCCESS", "SUCCESS"], objects.Json.AsArray().Select(i => (string)i!["result"]!["status"]!));
        Assert.Contains("forbidden: user 'alice'", (string)objects.Json[0]!["result"]!["errors"]!["error"]![0]!["message"]!, StringComparison.Ordinal);

        var references = await _server.PostAsync("/v1/batch/references", $$"""
            [{"from":"weaviate://localhost/{{OtherClass}}/{{_otherId}}/link","to":"weaviate://localhost/Plain/{{_plainId}}"},
             {"from":"weaviate://localhost/{{OwnClass}}/{{_ownId}}/link","to":"weaviate://localhost/Plain/{{_plainId}}"}]
            """, Alice);
        Status(references, 200);
        Assert.Equal(["FAILED", "SUCCESS"], references.Json.AsArray().Select(i => (string)i!["result"]!["status"]!));

        var legacy = await _server.PostAsync("/v1/batching/things", $$$"""
            {"things":[{"class":"{{{OtherClass}}}","schema":{"endpoint":"b/ep","data":"{}","dataHash":"h"}},{"class":"Plain","schema":{"title":"x"}}]}
            """, Alice);
        Status(legacy, 200);
        Assert.Contains("forbidden: user 'alice'", (string)legacy.Json[0]!["result"]!["errors"]!["error"]![0]!["message"]!, StringComparison.Ordinal);
        Assert.Null(legacy.Json[1]!["result"]!["errors"]);

        var elements = await _server.PostAsync("/api/batch/v1?collection=Plain",
            $$"""{"_type":"VarBatch","elements":[{"_id":"e1","_type":"{{OtherClass}}","endpoint":"b/ep"},{"_id":"e2","title":"t"}]}""", Alice);
        Status(elements, 200);
        Assert.Equal("1", elements.Headers["X-Batch-Failed"]);
        Assert.Equal("1", elements.Headers["X-Batch-Succeeded"]);
        var whole = await _server.PostAsync($"/api/batch/v1?collection={OtherClass}", """{"_type":"VarBatch","elements":[{"_id":"e3","endpoint":"b/ep"}]}""", Alice);
        Assert.Equal(403, whole.Status);
        Assert.Contains("forbidden: user 'alice'", (string)whole.Json["detail"]!, StringComparison.Ordinal); // the batch service's problem shape
        Status(await _server.PostAsync($"/api/batch/v1?collection={OwnClass}", """{"_type":"VarBatch","elements":[{"_id":"e4","endpoint":"a/ep"}]}""", Alice), 200);

        Assert.Equal(before, await OtherNamespaceAsync());
    }

    [Fact]
    public async Task Delete_by_query_class_drops_and_the_0x_object_routes_are_refused_outside_the_granted_namespace()
    {
        var before = await OtherNamespaceAsync();
        const string Match = """{"match":{"class":"CLASS","where":{"path":["dataHash"],"operator":"Like","valueText":"*"}},"dryRun":true}""";
        Refused(await _server.DeleteAsync("/v1/batch/objects", Match.Replace("CLASS", OtherClass, StringComparison.Ordinal), Alice));
        Status(await _server.DeleteAsync("/v1/batch/objects", Match.Replace("CLASS", OwnClass, StringComparison.Ordinal), Alice), 200);
        Refused(await _server.PostAsync("/v1/things", $$$"""{"class":"{{{OtherClass}}}","schema":{"endpoint":"b/ep","data":"{}","dataHash":"h"}}""", Alice));
        Refused(await _server.PatchAsync($"/v1/things/{_otherId}", """{"schema":{"dataHash":"x"}}""", Alice));
        Refused(await _server.DeleteAsync($"/v1/things/{_otherId}", null, Alice));
        Refused(await _server.DeleteAsync($"/v1/schema/{OtherClass}", null, Alice));
        Refused(await _server.DeleteAsync($"/v1/schema/things/{OtherClass}", null, Alice));
        Assert.Equal(before, await OtherNamespaceAsync());
    }

    [Fact]
    public async Task An_undo_deletes_only_what_the_undoing_user_may_write()
    {
        var undo = await _server.PostAsync($"/api/batch/v1/{_seedBatch}/undo", "", Carol);
        Status(undo, 200);
        Assert.Equal([_ownId], undo.Json["deleted"]!.AsArray().Select(d => (string)d!["id"]!));
        var skipped = Assert.Single(undo.Json["skipped"]!.AsArray());
        Assert.Equal(_otherId, (string)skipped!["id"]!);
        Assert.Contains("forbidden: user 'carol'", (string)skipped["reason"]!, StringComparison.Ordinal);
        Status(await _server.GetAsync($"/v1/objects/{OtherClass}/{_otherId}", Bob), 200);
    }
}
