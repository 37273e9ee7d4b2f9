using System.CommandLine;
using System.Text.Json;
using Barge.Cli.Client;
using Barge.Client.Wire;
using Spectre.Console;

namespace Barge.Cli.Commands;

/// <summary><c>barge schema [class]</c>: the classes and their properties; <c>barge status</c>: version and counts.</summary>
public static class SchemaCommand
{
    public static Command Create(Connection connection)
    {
        var className = new Argument<string?>("class") { Description = "Only this class", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Write the schema as JSON instead of a table" };
        var command = new Command("schema", "Show the schema: classes and their properties") { className, json };
        connection.AddTo(command);
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            using var client = connection.Open(parse, 2);
            var schema = await client.GetSchemaAsync(ct);
            if (parse.GetValue(className) is { } only)
                schema = new SchemaDocument { Classes = [.. schema.Classes.Where(c => c.Class == only)] };
            if (schema.Classes.Count == 0 && parse.GetValue(className) is { } missing) throw new InputException($"no class '{missing}' at {connection.UrlOf(parse)}");
            if (parse.GetValue(json))
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(schema, CliJson.Default.SchemaDocument));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("class", "property", "type");
            foreach (var cls in schema.Classes)
            {
                table.AddRow(Markup.Escape(cls.Class), "", "");
                foreach (var p in cls.Properties ?? []) table.AddRow("", Markup.Escape(p.Name), Markup.Escape(string.Join(", ", p.DataType)));
            }
            io.Console().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Status(Connection connection)
    {
        var json = new Option<bool>("--json") { Description = "Write JSON instead of lines" };
        var command = new Command("status", "Show the server's version, where it keeps its data and how many objects each class holds") { json };
        connection.AddTo(command);
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            using var client = connection.Open(parse, 0);
            var meta = await client.MetaAsync(ct);
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var cls in (await client.GetSchemaAsync(ct)).Classes)
                counts[cls.Class] = (await client.ListObjectsAsync(cls.Class, 1, ct: ct)).TotalResults;
            var report = new StatusReport(connection.UrlOf(parse), meta.BargeVersion, meta.Version, meta.BargeStore, counts);
            if (parse.GetValue(json))
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Default.StatusReport));
                return ExitCodes.Ok;
            }
            await io.Out.WriteLineAsync(report.Version is { } barge
                ? $"Barge {barge} (Weaviate API {report.WeaviateVersion}, store {report.Store}) at {report.Url}"
                : $"Weaviate {report.WeaviateVersion} at {report.Url}");
            foreach (var (cls, count) in counts) await io.Out.WriteLineAsync($"  {cls}: {count:N0} objects");
            return ExitCodes.Ok;
        });
        return command;
    }
}
