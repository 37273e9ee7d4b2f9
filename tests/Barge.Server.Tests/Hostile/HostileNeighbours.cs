using System.Globalization;
using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Hostile;

/// <summary>
/// The objects a hostile corpus must leave alone: a collection no hostile message writes to, filled before the corpus
/// runs and read back after, so that a request which corrupts or deletes what it does not name is caught.
/// </summary>
internal static class HostileNeighbours
{
    public static string Id(int i) => "00000000-0000-4000-8000-" + i.ToString("D12", CultureInfo.InvariantCulture);

    public static async Task<List<string>> WriteAsync(TestServer server)
    {
        var schema = await server.PostAsync("/v1/schema", """{"class":"Keep","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        Assert.Equal(200, schema.Status);
        var objects = string.Join(",", Enumerable.Range(1, 20).Select(i =>
            "{\"class\":\"Keep\",\"id\":\"" + Id(i) + "\",\"vector\":[" + i.ToString(CultureInfo.InvariantCulture) + ",1],\"properties\":{\"title\":\"kept "
            + i.ToString(CultureInfo.InvariantCulture) + " \\u00e9\\u0000\",\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}}"));
        var batch = await server.PostAsync("/v1/batch/objects", $$"""{"objects":[{{objects}}]}""");
        Assert.Equal(200, batch.Status);
        return [.. Enumerable.Range(1, 20).Select(i => $"/v1/objects/Keep/{Id(i)}?include=vector"), "/v1/schema/Keep"];
    }

    public static async Task<List<string>> SnapshotAsync(TestServer server, List<string> paths)
    {
        var answers = new List<string>();
        foreach (var path in paths) answers.Add((await server.GetAsync(path)).ToString());
        return answers;
    }
}
