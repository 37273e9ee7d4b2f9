using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using Barge.Cli.Client;
using Barge.Client.Wire;

namespace Barge.Cli.Commands;

/// <summary>
/// <c>barge export &lt;class&gt;</c>: every object of a class as JSON Lines in Weaviate object form (what
/// <c>barge import</c> reads back), page by page with the <c>after</c> cursor, so memory holds one page.
/// </summary>
public static class ExportCommand
{
    public static Command Create(Connection connection)
    {
        var className = new Argument<string>("class") { Description = "The class (collection) to export" };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (gzip when it ends in .gz); default stdout" };
        var vectors = new Option<bool>("--with-vectors") { Description = "Include each object's vector" };
        var pageSize = new Option<int>("--page-size") { Description = "Objects per request", DefaultValueFactory = _ => 1000 };
        var command = new Command("export", "Export a class's objects as JSON Lines") { className, output, vectors, pageSize };
        connection.AddTo(command);
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            using var client = connection.Open(parse, 3);
            var cls = parse.GetValue(className)!;
            if (await client.GetClassAsync(cls, ct) is null) throw new InputException($"no class '{cls}' at {connection.UrlOf(parse)}");
            var path = parse.GetValue(output);
            await using var file = path is null ? null : Open(path);
            var writer = file is null ? io.Out : new StreamWriter(file);
            long count = 0;
            await foreach (var obj in client.ReadAllAsync(cls, parse.GetValue(pageSize), parse.GetValue(vectors), ct))
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(obj with { CreationTimeUnix = null, LastUpdateTimeUnix = null }, ClientJson.Default.WeaviateObject));
                count++;
            }
            await writer.FlushAsync(ct);
            if (file is not null)
            {
                await writer.DisposeAsync();
                await io.Error.WriteLineAsync($"barge export: {count:N0} objects of {cls} written to {path}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }
}
