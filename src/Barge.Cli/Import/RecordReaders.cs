using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Cli.Client;
using Barge.Client.Wire;
using nietras.SeparatedValues;

namespace Barge.Cli.Import;

/// <summary>
/// Reads an input's records one at a time (memory holds one record, never the file). A record that cannot be read is
/// returned with its reason, so the import can count it and go on; only a broken JSON array (whose end cannot be
/// found) stops the import.
/// </summary>
public static class RecordReaders
{
    public static IAsyncEnumerable<InputRecord> ReadAsync(InputSource source, ClassDefinition? schema, CancellationToken ct) => source.Format switch
    {
        InputFormat.JsonLines => JsonLinesAsync(source.Content, ct),
        InputFormat.JsonArray => JsonArrayAsync(source, ct),
        _ => CsvAsync(source.Content, schema, ct),
    };

    private static async IAsyncEnumerable<InputRecord> JsonLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        long line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return Parse(line, text);
        }
    }

    private static InputRecord Parse(long line, string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject record
                ? new InputRecord(line, record)
                : new InputRecord(line, null, "expected a JSON object", text);
        }
        catch (JsonException ex)
        {
            return new InputRecord(line, null, "malformed JSON: " + ex.Message, text);
        }
    }

    private static async IAsyncEnumerable<InputRecord> JsonArrayAsync(InputSource source, [EnumeratorCancellation] CancellationToken ct)
    {
        long item = 0;
        await using var items = JsonSerializer.DeserializeAsyncEnumerable(source.Content, CliJson.Default.JsonNode, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync()) yield break;
            }
            catch (JsonException ex)
            {
                throw new InputException($"{source.Name}: malformed JSON array after item {item}: {ex.Message}");
            }
            item++;
            yield return items.Current is JsonObject record
                ? new InputRecord(item, record)
                : new InputRecord(item, null, "expected a JSON object", items.Current?.ToJsonString() ?? "null");
        }
    }

    private static async IAsyncEnumerable<InputRecord> CsvAsync(Stream stream, ClassDefinition? schema, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = await Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromAsync(stream, ct);
        var columns = reader.Header.ColNames.ToArray();
        if (columns.Length == 0) yield break;
        var types = CsvTyping.ForColumns(columns, schema);
        while (await reader.MoveNextAsync(ct))
        {
            ct.ThrowIfCancellationRequested();
            yield return CsvTyping.Record(reader.Current, columns, types);
        }
    }
}
