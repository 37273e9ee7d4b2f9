using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Barge.Cli.Client;
using Barge.Client;
using Barge.Client.Wire;
using Spectre.Console;

namespace Barge.Cli.Commands;

/// <summary>
/// <c>barge batches list|show|undo</c>: the batch journal. An import journals each request as a batch under one
/// name, so <c>undo --name</c> undoes a whole import.
/// </summary>
public static class BatchesCommand
{
    public static Command Create(Connection connection)
    {
        var command = new Command("batches", "Inspect and undo the batches the server journaled") { List(connection), Show(connection), Undo(connection) };
        return command;
    }

    private static Option<bool> Json() => new("--json") { Description = "Write JSON instead of a table" };

    private static Command List(Connection connection)
    {
        var name = new Option<string?>("--name") { Description = "Only batches with this name" };
        var status = new Option<string?>("--status") { Description = "Only batches with this status: success, partial, failed or running" };
        status.CompletionSources.Add("success", "partial", "failed", "running");
        var limit = new Option<int>("--limit") { Description = "How many (newest first)", DefaultValueFactory = _ => 20 };
        var json = Json();
        var command = new Command("list", "List batches, newest first") { name, status, limit, json };
        connection.AddTo(command);
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            using var client = connection.Open(parse, 2);
            var page = await client.ListBatchesAsync(parse.GetValue(name), parse.GetValue(status), parse.GetValue(limit), 0, ct);
            if (parse.GetValue(json))
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(page.Batches.ToList(), CliJson.Default.ListBatchSummary));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "time", "service", "name", "status", "succeeded", "failed");
            foreach (var b in page.Batches)
                table.AddRow(Cells(b.Id, b.Timestamp, b.Service, b.Name, b.Status, Count(b.Counts?.Succeeded), Count(b.Counts?.Failed)));
            var console = Console(io);
            console.Write(table);
            console.WriteLine($"{page.Batches.Count} of {page.Total} batches");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(Connection connection)
    {
        var id = new Argument<string>("id") { Description = "The batch id" };
        var json = Json();
        var command = new Command("show", "Show one batch: counts, the ids it wrote, its failures") { id, json };
        connection.AddTo(command);
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            using var client = connection.Open(parse, 2);
            var batch = await client.GetBatchAsync(parse.GetValue(id)!, ct) ?? throw NoBatch(parse.GetValue(id)!);
            if (parse.GetValue(json))
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(batch, CliJson.Default.BatchSummary));
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumns(2);
            foreach (var (label, value) in new[]
            {
                ("id", batch.Id), ("status", batch.Status), ("service", batch.Service), ("name", batch.Name), ("reason", batch.Reason),
                ("source", batch.Source), ("user", batch.User), ("started", batch.Started), ("ended", batch.Ended),
                ("counts", $"{Count(batch.Counts?.Total)} total, {Count(batch.Counts?.Succeeded)} succeeded, {Count(batch.Counts?.Failed)} failed"),
                ("message", batch.Message),
            })
                grid.AddRow(Cells(label, value));
            foreach (var (key, value) in batch.Summary ?? [])
                grid.AddRow(Cells(key == "failures" ? "failures" : "wrote " + key, value?.ToJsonString()));
            Console(io).Write(grid);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Undo(Connection connection)
    {
        var target = new Argument<string?>("id-or-name") { Description = "The batch id, or a batch name (every batch of that name: a whole import)", Arity = ArgumentArity.ZeroOrOne };
        var name = new Option<string?>("--name") { Description = "Undo every batch with this name, even if a batch id equals it" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted, delete nothing" };
        var json = Json();
        var command = new Command("undo", "Delete the objects a batch (or every batch of a name) created that nothing changed since") { target, name, dryRun, json };
        connection.AddTo(command);
        command.Validators.Add(r =>
        {
            if ((r.GetValue(target) is null) == (r.GetValue(name) is null)) r.AddError("give either a batch id or name, or --name");
        });
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            using var client = connection.Open(parse, 2);
            var ids = await BatchesToUndoAsync(client, parse.GetValue(target), parse.GetValue(name), ct);
            var answers = new List<UndoAnswer>();
            foreach (var batchId in ids)
            {
                try
                {
                    answers.Add(await client.UndoBatchAsync(batchId, parse.GetValue(dryRun), ct));
                }
                catch (BargeApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
                {
                    throw NoBatch(batchId);
                }
            }
            if (parse.GetValue(json))
            {
                await io.Out.WriteLineAsync(JsonSerializer.Serialize(answers, CliJson.Default.ListUndoAnswer));
                return ExitCodes.Ok;
            }
            var deleted = answers.Sum(a => a.Deleted.Count);
            var skipped = answers.SelectMany(a => a.Skipped).ToList();
            foreach (var s in skipped.Take(20)) await io.Error.WriteLineAsync($"barge undo: kept {s.Collection}/{s.Id}: {s.Reason}");
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(parse.GetValue(dryRun) ? "Would delete" : "Deleted")} {deleted:N0} objects, kept {skipped.Count:N0}, from {ids.Count:N0} batch{(ids.Count == 1 ? "" : "es")}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The batches an undo means: the one with this id, else every batch with this name (an import's chunks share
    /// its name; undo batches of that name, which an earlier undo journaled, are not undone again).
    /// </summary>
    private static async Task<List<string>> BatchesToUndoAsync(BargeClient client, string? idOrName, string? name, CancellationToken ct)
    {
        if (idOrName is not null && await client.GetBatchAsync(idOrName, ct) is { } batch) return [batch.Id];
        var named = (name ?? idOrName)!;
        var ids = new List<string>();
        await foreach (var b in client.BatchesNamedAsync(named, ct))
            if (!b.Service?.EndsWith("undo", StringComparison.Ordinal) ?? true) ids.Add(b.Id);
        if (ids.Count > 0) return ids;
        throw name is not null ? NoBatch(named, "named") : NoBatch(named, "with id or name");
    }

    private static BargeApiException NoBatch(string id, string how = "") =>
        new(System.Net.HttpStatusCode.NotFound, $"no batch {(how.Length > 0 ? how + " " : "")}'{id}' (or it is not yours)");

    private static string Count(long? n) => n?.ToString("N0", CultureInfo.InvariantCulture) ?? "";

    private static string[] Cells(params string?[] values) => [.. values.Select(v => Markup.Escape(v ?? ""))];

    private static IAnsiConsole Console(CommandIo io) => io.Console();
}
