using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Properties;

/// <summary>
/// Property-based: FsCheck generates batches of objects of every indexed data type (with edge values) and nested where
/// filters with every operator; each batch goes through POST /v1/batch/objects into a class of its own, and each
/// filter's matches (a verbose DELETE /v1/batch/objects dry run, which lists every match) must equal
/// <see cref="FilterModel"/>'s evaluation of the same filter over the same objects. No answer may be a 5xx. The seed
/// is new each run and printed on failure; <c>BARGE_PROPERTY_SEED</c> replays one.
/// </summary>
public sealed class FilterPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Batches = 4;
    private const int ObjectsPerBatch = 30;
    private const int FiltersPerBatch = 60;

    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_filter_answer_equals_the_in_memory_evaluation_and_nothing_is_a_5xx()
    {
        var seed = Environment.GetEnvironmentVariable("BARGE_PROPERTY_SEED") is { Length: > 0 } s ? ulong.Parse(s) : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var replay = $"seed {seed} (replay with BARGE_PROPERTY_SEED={seed}, store {_server.Storage})";
        output.WriteLine(replay);
        var failures = new List<string>();
        var compared = 0;
        var unsettled = new Dictionary<string, int>();
        for (var batch = 0; batch < Batches && failures.Count == 0; batch++)
        {
            var cls = $"Prop{batch}";
            var objects = FilterGenerators.Objects(ObjectsPerBatch, batch * 1000).Sample(1, new Rnd(seed + (ulong)batch * 7919), 10)[0];
            var filters = FilterGenerators.Filters(objects).Sample(FiltersPerBatch, new Rnd(seed + (ulong)batch * 7919 + 1), 3);

            await CreateClassAsync(cls, replay);
            var import = await _server.ImportAsync(objects.Select(o => (JsonNode)o.ToJson(cls)).ToArray());
            Assert.True(import.Status == 200, $"{replay}: import answered {import}");
            foreach (var item in import.Json.AsArray())
                Assert.True(Status(item!) == "SUCCESS", $"{replay}: import item {item!["id"]} failed: {item["result"]!.ToJsonString()}");

            foreach (var filter in filters)
            {
                var where = filter.ToJson().ToJsonString();
                var reply = await _server.DeleteWhereAsync(cls, where, "verbose", dryRun: true);
                if (reply.Status >= 500)
                {
                    failures.Add($"{where} answered {reply}");
                    continue;
                }
                List<string> expected;
                try
                {
                    expected = objects.Where(o => FilterModel.Matches(filter, o)).Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
                }
                catch (UnsettledException e)
                {
                    unsettled[e.Message] = unsettled.GetValueOrDefault(e.Message) + 1;
                    continue;
                }
                if (reply.Status != 200)
                {
                    failures.Add($"{where} answered {reply}");
                    continue;
                }
                compared++;
                var actual = (reply.Json["results"]!["objects"] as JsonArray ?? []).Select(o => (string)o!["id"]!).Order(StringComparer.Ordinal).ToList();
                if (!actual.SequenceEqual(expected))
                    failures.Add($"{where}\n  missing    {Describe(expected.Except(actual).ToList(), objects, filter)}\n  unexpected {Describe(actual.Except(expected).ToList(), objects, filter)}");
            }
        }
        output.WriteLine($"{compared} filter answers compared; unsettled: {string.Join(", ", unsettled.Select(u => $"{u.Key} ({u.Value})"))}");
        Assert.True(failures.Count == 0, $"{replay}: {failures.Count} discrepancies, the first:\n{string.Join("\n", failures.Take(5))}");
        // Guards the generators: most filters must have a settled answer, or the test would prove little.
        Assert.True(compared > Batches * FiltersPerBatch / 2, $"{replay}: only {compared} answers were compared");
    }

    private async Task CreateClassAsync(string cls, string replay)
    {
        var schema = new JsonObject
        {
            ["class"] = cls,
            ["invertedIndexConfig"] = new JsonObject { ["indexNullState"] = true, ["indexPropertyLength"] = true },
            ["properties"] = new JsonArray(FilterGenerators.Props.Select(p => (JsonNode)p.Schema()).ToArray()),
        };
        var reply = await _server.PostAsync("/v1/schema", schema);
        Assert.True(reply.Status == 200, $"{replay}: {reply}");
    }

    /// <summary>The ids with the values (cut short) of the properties the filter names, so that a discrepancy can be read.</summary>
    private static string Describe(List<string> ids, GenObject[] objects, Filter filter)
    {
        var names = Names(filter).ToHashSet();
        return "[" + string.Join(", ", ids.Select(id =>
        {
            var o = objects.First(x => x.Id == id);
            var values = string.Join(" ", o.Values.Where(v => names.Contains(v.Key)).Select(v => $"{v.Key}={Short(GenObject.Wire(v.Value).ToJsonString())}"));
            return $"{id[^4..]}{{{values}}}";
        })) + "]";
    }

    private static string Short(string json) => json.Length <= 120 ? json : json[..120] + "…";

    private static IEnumerable<string> Names(Filter filter) => filter switch
    {
        Compound c => c.Operands.SelectMany(Names),
        Clause c => [c.Path],
        _ => [],
    };
}
