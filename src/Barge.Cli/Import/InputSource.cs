using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Barge.Cli.Client;

namespace Barge.Cli.Import;

public enum InputFormat { JsonLines, JsonArray, Csv }

/// <summary>
/// An import's input, a file or stdin (<c>-</c>), read as a stream: gzip is recognized by its magic bytes and
/// decompressed on the fly; the format comes from <c>--format</c>, else the file's extension, else its first character.
/// </summary>
public sealed class InputSource : IAsyncDisposable
{
    private readonly Stream _raw;

    private InputSource(string name, Stream raw, Stream content, InputFormat format, long? length)
    {
        Name = name;
        _raw = raw;
        Content = content;
        Format = format;
        Length = length;
    }

    public string Name { get; }
    public Stream Content { get; }
    public InputFormat Format { get; }
    /// <summary>The file's size on disk (compressed, if it is); null for stdin.</summary>
    public long? Length { get; }
    /// <summary>Bytes read from the file so far (compressed, like <see cref="Length"/>), for the progress; 0 for stdin.</summary>
    public long BytesRead => _raw.CanSeek ? _raw.Position : 0;

    public static async Task<InputSource> OpenAsync(string path, InputFormat? format, CancellationToken ct)
    {
        Stream raw;
        if (path == "-") raw = Console.OpenStandardInput();
        else if (!File.Exists(path)) throw new InputException($"{path}: no such file");
        else raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        try
        {
            var reader = PipeReader.Create(raw, new StreamPipeReaderOptions(bufferSize: 1 << 16));
            Stream content = reader.AsStream();
            var name = path == "-" ? "stdin" : path;
            var gzip = await StartsWithAsync(reader, [0x1f, 0x8b], ct);
            if (gzip)
            {
                reader = PipeReader.Create(new GZipStream(content, CompressionMode.Decompress), new StreamPipeReaderOptions(bufferSize: 1 << 16));
                content = reader.AsStream();
            }
            var chosen = format ?? FromExtension(path) ?? await SniffAsync(reader, ct);
            return new InputSource(name, raw, content, chosen, raw.CanSeek ? raw.Length : null);
        }
        catch
        {
            await raw.DisposeAsync();
            throw;
        }
    }

    private static InputFormat? FromExtension(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => InputFormat.JsonLines,
            ".csv" => InputFormat.Csv,
            _ => null, // .json may hold an array or JSON Lines: look inside
        };
    }

    /// <summary>Peeks (consumes nothing) at the first bytes.</summary>
    private static async Task<bool> StartsWithAsync(PipeReader reader, byte[] prefix, CancellationToken ct)
    {
        var result = await reader.ReadAtLeastAsync(prefix.Length, ct);
        var matches = result.Buffer.Length >= prefix.Length && result.Buffer.Slice(0, prefix.Length).ToArray().SequenceEqual(prefix);
        reader.AdvanceTo(result.Buffer.Start);
        return matches;
    }

    /// <summary><c>[</c> starts a JSON array, <c>{</c> JSON Lines, anything else is CSV (a header row).</summary>
    private static async Task<InputFormat> SniffAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                foreach (var b in segment.Span)
                {
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue; // whitespace, a UTF-8 BOM
                    reader.AdvanceTo(buffer.Start);
                    return b switch { (byte)'[' => InputFormat.JsonArray, (byte)'{' => InputFormat.JsonLines, _ => InputFormat.Csv };
                }
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start);
                return InputFormat.JsonLines; // empty: nothing to import whatever the format
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        await _raw.DisposeAsync();
    }
}
