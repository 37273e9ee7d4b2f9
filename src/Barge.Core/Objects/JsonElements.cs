using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Objects;

/// <summary>Converts a tree built in code to the element form that validation reads.</summary>
public static class JsonElements
{
    /// <summary>
    /// <paramref name="node"/> as an element of a document of its own (not pooled, so it lives as long as it is
    /// referenced). For dialects that rebuild objects as trees; requests read straight from the body need no copy.
    /// </summary>
    public static JsonElement? From(JsonNode? node)
    {
        if (node is null) return null;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) node.WriteTo(writer);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
