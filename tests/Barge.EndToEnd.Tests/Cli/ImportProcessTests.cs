using System.Text.Json.Nodes;
using Barge.Testing;
using static Barge.EndToEnd.Tests.Cli.CliServer;

namespace Barge.EndToEnd.Tests.Cli;

/// <summary>
/// <c>barge import / export / batches undo</c> run as processes against a running <c>barge serve</c>: counts, the
/// errors file and the exit code of an import with bad lines, a re-run that writes nothing twice, export → import
/// through a pipe, and undo of an import by its name and of one batch by its id.
/// </summary>
public sealed class ImportProcessTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Good_and_bad_lines_are_counted_failures_go_to_the_errors_file_and_the_exit_code_is_1()
    {
        await server.CreateClassAsync("""{"class":"Article","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        var input = server.File("articles.jsonl", Lines(30, n => $$"""{"id":"{{Id(n)}}","title":"t{{n}}","n":{{n}}}""")
            + "{\"id\": oops\n"
            + $$"""{"id":"{{Id(32)}}","title":"t32","n":"thirty-two"}""" + "\n");
        var errors = Path.Combine(server.Folder, "articles-errors.jsonl");

        var run = await server.BargeAsync("import", input, "--class", "Article", "--batch-size", "7", "--errors", errors);

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Contains("Imported 30 objects, 2 failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("barge import: line 31: malformed JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("barge import: line 32: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Error); // not a terminal: no bar, no colours
        Assert.Equal(30, await server.CountAsync("Article"));
        var failed = System.IO.File.ReadAllLines(errors).Select(l => JsonNode.Parse(l)!).OrderBy(l => (long)l["_error"]!["line"]!).ToList();
        Assert.Equal([31L, 32L], failed.Select(f => (long)f["_error"]!["line"]!));
        Assert.Equal("{\"id\": oops", (string)failed[0]["_raw"]!);
        Assert.Equal(Id(32), (string)failed[1]["id"]!);

        // The refused line, fixed in the errors file, imports on its own and the exit code is 0.
        System.IO.File.WriteAllText(errors, failed[1].ToJsonString().Replace("\"thirty-two\"", "32", StringComparison.Ordinal) + "\n");
        var again = await server.BargeAsync("import", errors);
        Assert.True(again.Exit == 0, again.ToString());
        Assert.Equal(31, await server.CountAsync("Article"));
    }

    [Fact]
    public async Task A_rerun_with_client_ids_writes_nothing_twice()
    {
        var input = server.File("people.jsonl", Lines(25, n => $$"""{"key":"person-{{n}}","name":"p{{n}}"}"""));
        for (var run = 0; run < 2; run++)
        {
            var import = await server.BargeAsync("import", input, "--class", "Person", "--id-field", "key", "--batch-size", "4", "--concurrency", "3");
            Assert.True(import.Exit == 0, import.ToString());
            Assert.Contains("Imported 25 objects, 0 failed", import.Out, StringComparison.Ordinal);
            Assert.Equal(25, await server.CountAsync("Person"));
        }
    }

    [Fact]
    public async Task Export_piped_into_import_gives_equal_objects()
    {
        var input = server.File("books.json", "[" + string.Join(",", Enumerable.Range(1, 40).Select(n => $$"""{"id":"{{Id(n)}}","title":"b{{n}}","pages":{{n * 10}},"v":[{{n}},0.5]}""")) + "]");
        var import = await server.BargeAsync("import", input, "--class", "Book", "--vector-field", "v", "--batch-size", "15");
        Assert.True(import.Exit == 0, import.ToString());

        var export = await server.BargeAsync("export", "Book", "--with-vectors", "--page-size", "9");
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Equal(40, export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var back = await server.BargeWithInputAsync(export.Out, "import", "-", "--class", "BookCopy");
        Assert.True(back.Exit == 0, back.ToString());

        Assert.Equal(40, await server.CountAsync("BookCopy"));
        for (var n = 1; n <= 40; n++)
        {
            var original = await server.GetAsync("Book", Id(n));
            var copy = await server.GetAsync("BookCopy", Id(n));
            Assert.Equal(original!["properties"]!.ToJsonString(), copy!["properties"]!.ToJsonString());
            Assert.Equal(original["vector"]!.ToJsonString(), copy["vector"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Undo_takes_a_batch_id_or_an_import_name()
    {
        var input = server.File("items.jsonl", Lines(12, n => $$"""{"id":"{{Id(n)}}","label":"i{{n}}"}"""));
        var import = await server.BargeAsync("import", input, "--class", "Item", "--batch-size", "5", "--batch-name", "items run");
        Assert.True(import.Exit == 0, import.ToString());
        Assert.Equal(12, await server.CountAsync("Item"));

        var list = await server.BargeAsync("batches", "list", "--name", "items run", "--json");
        var batches = JsonNode.Parse(list.Out)!.AsArray();
        Assert.Equal(3, batches.Count);
        var smallest = batches.OrderBy(b => (long)b!["counts"]!["succeeded"]!).First()!;
        var one = await server.BargeAsync("batches", "undo", (string)smallest["_id"]!);
        Assert.True(one.Exit == 0, one.ToString());
        Assert.Contains("Deleted 2 objects, kept 0, from 1 batch", one.Out, StringComparison.Ordinal);
        Assert.Equal(10, await server.CountAsync("Item"));

        var dry = await server.BargeAsync("batches", "undo", "items run", "--dry-run");
        Assert.Contains("Would delete 10 objects", dry.Out, StringComparison.Ordinal);
        var rest = await server.BargeAsync("batches", "undo", "items run");
        Assert.True(rest.Exit == 0, rest.ToString());
        Assert.Contains("Deleted 10 objects", rest.Out, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync("Item"));

        var none = await server.BargeAsync("batches", "undo", "no such run");
        Assert.Equal(3, none.Exit);
        Assert.Equal("barge: no batch with id or name 'no such run' (or it is not yours)", none.Error.Trim());
    }

    [Fact]
    public async Task Status_names_barge_s_own_version_and_counts_each_class()
    {
        var import = await server.BargeWithInputAsync(Lines(4, n => $$"""{"title":"s{{n}}"}"""), "import", "-", "--class", "StatusCheck");
        Assert.True(import.Exit == 0, import.ToString());
        var meta = await server.MetaAsync();

        var status = await server.BargeAsync("status", "--json");
        Assert.True(status.Exit == 0, status.ToString());
        var report = JsonNode.Parse(status.Out)!;
        Assert.Equal((string)meta["bargeVersion"]!, (string)report["Version"]!);
        Assert.Equal((string)meta["version"]!, (string)report["WeaviateVersion"]!);
        var store = TestStorage.UsePostgres ? "postgres" : "sqlite";
        Assert.Equal(store, (string)meta["bargeStore"]!);
        Assert.Equal(store, (string)report["Store"]!);
        Assert.Equal(4, (long)report["Objects"]!["StatusCheck"]!);

        var text = await server.BargeAsync("status");
        Assert.StartsWith($"Barge {meta["bargeVersion"]} (Weaviate API {meta["version"]}, store {store}) at {server.Address}", text.Out, StringComparison.Ordinal);
        Assert.Contains("StatusCheck: 4 objects", text.Out, StringComparison.Ordinal);
    }
}
