using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Client.Batching;
using Barge.Cli.Client;

namespace Barge.Cli.Import;

/// <summary>
/// <c>--errors &lt;file&gt;</c>: one JSON line per failed item, re-importable once fixed. An object the server refused
/// is written as the object that was sent, with <c>_error</c> (input line and reason) added; a line that could not be
/// read is written as <c>_error</c> and its text in <c>_raw</c>. The import leaves <c>_</c> fields out.
/// </summary>
public sealed class ErrorsFile : IAsyncDisposable
{
    public const string ErrorField = "_error";
    public const string RawField = "_raw";
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public ErrorsFile(string path) =>
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16)) { AutoFlush = false };

    /// <summary>An item the server refused (or whose request failed for good).</summary>
    public void Refused(ItemResult item, string unit)
    {
        var line = JsonNode.Parse(item.Json.Span) as JsonObject ?? [];
        line[ErrorField] = Note(item.Tag, unit, item.Error);
        Write(line);
    }

    /// <summary>A record that never became an object: unreadable, or without what an object needs.</summary>
    public void Unusable(InputRecord record, string unit, string reason)
    {
        var line = record.Record?.DeepClone() as JsonObject ?? [];
        line.Remove(ErrorField);
        line[ErrorField] = Note(record.Position, unit, reason);
        if (record.Record is null) line[RawField] = record.Raw;
        Write(line);
    }

    private static JsonObject Note(object? position, string unit, string? reason) =>
        new() { [unit] = position is long p ? p : null, ["reason"] = reason };

    private void Write(JsonObject line)
    {
        var text = line.ToJsonString(CompactJson);
        lock (_lock) _writer.WriteLine(text);
    }

    // Readable reasons (quotes as they are): the file is for people to fix, then to import again.
    private static readonly JsonSerializerOptions CompactJson = new(CliJson.Default.Options) { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync();
}
