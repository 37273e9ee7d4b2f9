using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Cli;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Client;

/// <summary>
/// <c>barge import / export / batches / schema / status</c> run through the command line's entry point against a
/// real server: counts, the errors file, exit codes, an export that imports back equal, and undo of an import.
/// </summary>
public sealed class CommandLineTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private readonly string _folder = TestServer.NewDataFolder();

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private sealed record Run(int Exit, string Out, string Error)
    {
        public override string ToString() => $"exit {Exit}\nstdout: {Out}\nstderr: {Error}";
    }

    private async Task<Run> BargeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await BargeCommandLine.RunAsync([.. args, "--url", _server.Server.Address.ToString()], new InvocationConfiguration { Output = output, Error = error });
        return new Run(exit, output.ToString(), error.ToString());
    }

    private string File(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static string Lines(int count, Func<int, string> line) => string.Concat(Enumerable.Range(1, count).Select(n => line(n) + "\n"));

    [Fact]
    public async Task Import_of_json_lines_counts_good_and_bad_lines_writes_the_errors_file_and_exits_1()
    {
        var input = File("articles.jsonl", Lines(20, n => $$"""{"id":"{{Id(n)}}","title":"t{{n}}","n":{{n}}}""")
            + "{not json\n"
            + """{"id":"{{Id(99)}}","title":"t99","n":"ninety-nine"}""".Replace("{{Id(99)}}", Id(99), StringComparison.Ordinal) + "\n");
        await _server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        var errors = Path.Combine(_folder, "errors.jsonl");

        var run = await BargeAsync("import", input, "--class", "Article", "--batch-size", "6", "--errors", errors);

        Assert.Equal(1, run.Exit);
        Assert.Contains("Imported 20 objects, 2 failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("line 21: malformed JSON", run.Error, StringComparison.Ordinal);
        Assert.Equal(20, await _server.CountAsync("Article"));
        var failed = System.IO.File.ReadAllLines(errors).Select(l => JsonNode.Parse(l)!).OrderBy(l => (long)l["_error"]!["line"]!).ToList();
        Assert.Equal([21L, 22L], failed.Select(f => (long)f["_error"]!["line"]!));
        Assert.Equal("{not json", (string)failed[0]["_raw"]!);
        Assert.Equal(Id(99), (string)failed[1]["id"]!);
        Assert.Contains("'n'", (string)failed[1]["_error"]!["reason"]!, StringComparison.Ordinal);

        // Fixed in the errors file, the refused object imports on its own.
        System.IO.File.WriteAllText(errors, failed[1].ToJsonString().Replace("\"ninety-nine\"", "99", StringComparison.Ordinal) + "\n");
        var again = await BargeAsync("import", errors);
        Assert.Equal(0, again.Exit);
        Assert.Equal(21, await _server.CountAsync("Article"));
    }

    [Fact]
    public async Task A_rerun_with_client_ids_writes_nothing_twice()
    {
        var input = File("people.jsonl", Lines(15, n => $$"""{"key":"person-{{n}}","name":"p{{n}}"}"""));
        Assert.Equal(0, (await BargeAsync("import", input, "--class", "Person", "--id-field", "key", "--batch-size", "4")).Exit);
        Assert.Equal(0, (await BargeAsync("import", input, "--class", "Person", "--id-field", "key", "--batch-size", "4")).Exit);
        Assert.Equal(15, await _server.CountAsync("Person"));
    }

    [Fact]
    public async Task Gzipped_csv_takes_its_types_from_the_schema_and_infers_the_rest()
    {
        await _server.CreateClassAsync("""{"class":"City","properties":[{"name":"name","dataType":["text"]},{"name":"zip","dataType":["text"]}]}""");
        var path = Path.Combine(_folder, "cities.csv.gz");
        await using (var gz = new GZipStream(System.IO.File.Create(path), CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes($"id,name,zip,population,capital,vector\n{Id(1)},\"Paris, FR\",75001,2100000,true,\"[1,0]\"\n{Id(2)},Lyon,69001,520000,false,\"[0,1]\"\n"));

        var run = await BargeAsync("import", path, "--class", "City", "--vector-field", "vector");

        Assert.True(run.Exit == 0, run.ToString());
        var paris = await WithVectorAsync("City", Id(1));
        Assert.Equal("Paris, FR", (string)paris!["properties"]!["name"]!);
        Assert.Equal("75001", (string)paris["properties"]!["zip"]!); // text in the schema, though it reads as a number
        Assert.Equal(2100000, (double)paris["properties"]!["population"]!);
        Assert.True((bool)paris["properties"]!["capital"]!);
        Assert.Equal([1f, 0f], paris["vector"]!.AsArray().Select(v => (float)v!));
    }

    [Fact]
    public async Task A_json_array_is_streamed_and_export_then_import_gives_equal_objects()
    {
        var input = File("books.json", "[" + string.Join(",", Enumerable.Range(1, 25).Select(n => $$"""{"id":"{{Id(n)}}","title":"b{{n}}","pages":{{n * 10}},"v":[{{n}},1]}""")) + "]");
        Assert.Equal(0, (await BargeAsync("import", input, "--class", "Book", "--vector-field", "v", "--batch-size", "10")).Exit);

        var exported = Path.Combine(_folder, "books.jsonl.gz");
        var export = await BargeAsync("export", "Book", "--with-vectors", "--page-size", "7", "--output", exported);
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Equal(0, (await BargeAsync("import", exported, "--class", "BookCopy")).Exit);

        for (var n = 1; n <= 25; n++)
        {
            var original = await WithVectorAsync("Book", Id(n));
            var copy = await WithVectorAsync("BookCopy", Id(n));
            Assert.Equal(original!["properties"]!.ToJsonString(), copy!["properties"]!.ToJsonString());
            Assert.Equal(original["vector"]!.ToJsonString(), copy["vector"]!.ToJsonString());
        }
        Assert.Equal(25, await _server.CountAsync("BookCopy"));
    }

    [Fact]
    public async Task Batches_list_show_and_undo_of_a_whole_import_by_its_name()
    {
        var input = File("items.jsonl", Lines(12, n => $$"""{"id":"{{Id(n)}}","label":"i{{n}}"}"""));
        var import = await BargeAsync("import", input, "--class", "Item", "--batch-size", "5", "--batch-name", "items-run");
        Assert.Equal(0, import.Exit);
        Assert.Contains("barge batches undo --name \"items-run\"", import.Out, StringComparison.Ordinal);

        var list = await BargeAsync("batches", "list", "--name", "items-run", "--json");
        var batches = JsonNode.Parse(list.Out)!.AsArray();
        Assert.Equal(3, batches.Count);
        var show = await BargeAsync("batches", "show", (string)batches[0]!["_id"]!);
        Assert.Contains("items-run", show.Out, StringComparison.Ordinal);

        var dry = await BargeAsync("batches", "undo", "--name", "items-run", "--dry-run");
        Assert.Contains("Would delete 12 objects", dry.Out, StringComparison.Ordinal);
        Assert.Equal(12, await _server.CountAsync("Item"));

        var undo = await BargeAsync("batches", "undo", "--name", "items-run");
        Assert.True(undo.Exit == 0, undo.ToString());
        Assert.Contains("Deleted 12 objects, kept 0, from 3 batches", undo.Out, StringComparison.Ordinal);
        Assert.Equal(0, await _server.CountAsync("Item"));
    }

    [Fact]
    public async Task Schema_and_status_show_classes_and_counts()
    {
        Assert.Equal(0, (await BargeAsync("import", File("a.jsonl", Lines(3, n => $$"""{"title":"t{{n}}"}""")), "--class", "Article")).Exit);
        var schema = await BargeAsync("schema", "--json");
        Assert.Equal("Article", (string)JsonNode.Parse(schema.Out)!["classes"]![0]!["class"]!);
        var status = await BargeAsync("status", "--json");
        Assert.Equal(3, (long)JsonNode.Parse(status.Out)!["Objects"]!["Article"]!);
    }

    [Fact]
    public async Task Problems_get_one_line_and_their_exit_code()
    {
        var missing = await BargeAsync("import", Path.Combine(_folder, "nope.jsonl"), "--class", "X");
        Assert.Equal(2, missing.Exit);
        Assert.StartsWith("barge: ", missing.Error, StringComparison.Ordinal);
        Assert.Contains("no such file", missing.Error, StringComparison.Ordinal);

        var usage = await BargeAsync("import", "x.jsonl", "--batch-size", "0");
        Assert.Equal(2, usage.Exit);
        Assert.Contains("--batch-size must be at least 1", usage.Error, StringComparison.Ordinal);

        var broken = await BargeAsync("import", File("broken.json", """[{"title":"a"}, {"title": """), "--class", "X");
        Assert.Equal(2, broken.Exit);
        Assert.Contains("malformed JSON array after item 1", broken.Error, StringComparison.Ordinal);

        var noBatch = await BargeAsync("batches", "show", "no-such-batch");
        Assert.Equal(3, noBatch.Exit);
        Assert.Contains("no batch 'no-such-batch'", noBatch.Error, StringComparison.Ordinal);

        var output = new StringWriter();
        var error = new StringWriter();
        var closedPort = new Uri($"http://127.0.0.1:{FreePort()}");
        var unreachable = await BargeCommandLine.RunAsync(["batches", "list", "--url", closedPort.ToString()], new InvocationConfiguration { Output = output, Error = error });
        Assert.Equal(3, unreachable);
        Assert.Contains($"cannot reach Barge at {closedPort}", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Trim().Split('\n'));
    }

    private async Task<JsonNode> WithVectorAsync(string cls, string id)
    {
        var reply = await _server.GetAsync($"/v1/objects/{cls}/{id}?include=vector");
        Assert.True(reply.Status == 200, reply.ToString());
        return reply.Json;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
