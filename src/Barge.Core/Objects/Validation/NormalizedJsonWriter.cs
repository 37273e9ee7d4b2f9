using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// The writer validation writes normalized properties into: one buffer and writer per thread, reused for every
/// object, so that an object costs one array of its own size. Texts are written with the relaxed encoder (UTF-8 as
/// is, only what JSON requires escaped), the escaping Weaviate answers with, so the bytes can be answered unchanged.
/// </summary>
internal static class NormalizedJsonWriter
{
    /// <summary>The escaping of everything written here; text encoded ahead of time must use it too.</summary>
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonWriterOptions Options = new() { Encoder = Encoder };

    /// <summary>A buffer that grew past this for one huge object is dropped afterwards rather than kept per thread.</summary>
    private const int KeptCapacity = 1 << 20;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>An empty writer for one object; not reentrant (validation never nests objects through it).</summary>
    public static Utf8JsonWriter Begin()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        if (t_writer is { } writer) writer.Reset(buffer);
        else t_writer = writer = new Utf8JsonWriter(buffer, Options);
        return writer;
    }

    /// <summary>What was written since <see cref="Begin"/>, as an array of its own.</summary>
    public static byte[] ToArray()
    {
        t_writer!.Flush();
        var bytes = t_buffer!.WrittenSpan.ToArray();
        if (t_buffer.Capacity > KeptCapacity) (t_buffer, t_writer) = (null, null);
        return bytes;
    }
}
