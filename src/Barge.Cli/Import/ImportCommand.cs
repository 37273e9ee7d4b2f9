using System.CommandLine;
using System.Globalization;
using Barge.Client;
using Barge.Client.Batching;
using Barge.Cli.Client;

namespace Barge.Cli.Import;

/// <summary>
/// <c>barge import &lt;file|-&gt;</c>: streams JSON Lines, a JSON array or CSV (gzip or not) into a class through the
/// client's batcher. Every chunk is journaled under one batch name, so the whole import can be listed and undone.
/// </summary>
public static class ImportCommand
{
    public static Command Create(Connection connection)
    {
        var file = new Argument<string>("file") { Description = "The file to import (.jsonl, .json, .csv, optionally .gz), or - for stdin" };
        var className = new Option<string?>("--class", "-c") { Description = "The class (collection) to import into; records in Weaviate object form may name their own" };
        var idField = new Option<string>("--id-field") { Description = "The field holding each object's id (a UUID, or any text turned into a name-based UUID)", DefaultValueFactory = _ => "id" };
        var vectorField = new Option<string?>("--vector-field") { Description = "The field holding each object's vector (an array of numbers)" };
        var format = new Option<InputFormat?>("--format") { Description = "JsonLines, JsonArray or Csv (default: from the extension, else the first character)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Objects per request", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 2 };
        var batchName = new Option<string?>("--batch-name") { Description = "The journal name of the import's batches (default: 'import <file> <time>')" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate every object on the server, write nothing" };
        var errors = new Option<string?>("--errors") { Description = "Write failed items (with line and reason) to this JSON Lines file, re-importable" };
        var retries = new Option<int>("--retries") { Description = "Retries of a request refused for overload or lost on the way", DefaultValueFactory = _ => 8 };
        batchSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--batch-size must be at least 1"); });
        concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--concurrency must be at least 1"); });

        var command = new Command("import", "Import objects from a JSON Lines, JSON or CSV file")
        {
            file, className, idField, vectorField, format, batchSize, concurrency, batchName, dryRun, errors, retries,
        };
        connection.AddTo(command);
        command.SetClientAction(connection, async (parse, io, ct) =>
        {
            var path = parse.GetValue(file)!;
            var cls = parse.GetValue(className);
            var name = parse.GetValue(batchName)
                ?? string.Create(CultureInfo.InvariantCulture, $"import {(path == "-" ? "stdin" : Path.GetFileName(path))} {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
            using var client = connection.Open(parse, parse.GetValue(retries));
            // Fails fast (no retries) when nothing answers at --url, before any input is read.
            using (var probe = connection.Open(parse, 0)) await probe.MetaAsync(ct);
            var schema = cls is null ? null : await client.GetClassAsync(cls, ct);

            await using var source = await InputSource.OpenAsync(path, parse.GetValue(format), ct);
            await using var errorsFile = parse.GetValue(errors) is { } errorsPath ? new ErrorsFile(errorsPath) : null;
            var unit = source.Format == InputFormat.JsonArray ? "item" : "line";
            var mapper = new RecordMapper(cls, parse.GetValue(idField)!, parse.GetValue(vectorField));
            long unusable = 0;
            var firstFailures = new List<string>();
            void Note(long position, string reason)
            {
                lock (firstFailures) if (firstFailures.Count < 5) firstFailures.Add($"{unit} {position}: {reason}");
            }

            await using var batch = client.Batch(new BatchOptions
            {
                BatchSize = parse.GetValue(batchSize),
                Concurrency = parse.GetValue(concurrency),
                Name = name,
                Source = "barge import " + source.Name,
                DryRun = parse.GetValue(dryRun),
                OnItem = item =>
                {
                    if (item.Succeeded) return;
                    Note(item.Tag is long p ? p : -1, item.Error!);
                    errorsFile?.Refused(item, unit);
                },
            });
            BatchReport? report = null;
            await ImportProgress.RunAsync(io, source, () => batch.Progress, () => Interlocked.Read(ref unusable), async () =>
            {
                await foreach (var record in RecordReaders.ReadAsync(source, schema, ct))
                {
                    var (obj, error) = record.Record is { } r ? mapper.Map(r) : (null, record.Error);
                    if (obj is null)
                    {
                        Interlocked.Increment(ref unusable);
                        Note(record.Position, error!);
                        errorsFile?.Unusable(record, unit, error!);
                        continue;
                    }
                    await batch.AddAsync(obj, record.Position, ct);
                }
                report = await batch.CompleteAsync(ct);
            });

            var failed = report!.Failed + unusable;
            foreach (var failure in firstFailures) await io.Error.WriteLineAsync($"barge import: {failure}");
            if (failed > firstFailures.Count) await io.Error.WriteLineAsync($"barge import: ... {failed - firstFailures.Count:N0} more failures{(errorsFile is null ? " (--errors <file> keeps them all)" : "")}");
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(parse.GetValue(dryRun) ? "Validated" : "Imported")} {report.Succeeded:N0} objects, {failed:N0} failed, {report.Retries:N0} retries, in {report.Elapsed.TotalSeconds:0.0}s ({report.ItemsPerSecond:N0} objects/s)"));
            if (!parse.GetValue(dryRun) && report.Requests > 0)
                await io.Out.WriteLineAsync($"Batch name: {name}   (undo: barge batches undo --name \"{name}\")");
            return failed > 0 ? ExitCodes.ItemsFailed : ExitCodes.Ok;
        });
        return command;
    }
}
