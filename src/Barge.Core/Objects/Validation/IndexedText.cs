using System.Text;
using System.Text.Json;
using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// A filterable text property's words become index entries, and an index entry has a size limit on every store
/// (PostgreSQL's b-tree refuses rows over about a third of a page). A word longer than <see cref="MaxWordBytes"/> is
/// refused here, for that object alone and the same on both stores, rather than failing its whole batch at the commit.
/// </summary>
internal static class IndexedText
{
    /// <summary>The longest word (a token, or the whole value with <c>field</c> tokenization) an index entry holds, in UTF-8 bytes.</summary>
    public const int MaxWordBytes = 2000;

    public static ValueResult Check(PropertyDefinition prop, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String) return CheckText(prop, value.GetString()!);
        if (value.ValueKind != JsonValueKind.Array) return ValueResult.Ok;
        foreach (var item in value.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String && CheckText(prop, item.GetString()!) is { Failed: true } failed) return failed;
        return ValueResult.Ok;
    }

    private static ValueResult CheckText(PropertyDefinition prop, string text)
    {
        // Nearly every value is shorter than the limit as a whole, and then none of its words can be longer.
        if (text.Length * 3 <= MaxWordBytes || Encoding.UTF8.GetByteCount(text) <= MaxWordBytes) return ValueResult.Ok;
        foreach (var word in Tokenizer.Tokenize(prop.Tokenization, text))
        {
            var bytes = Encoding.UTF8.GetByteCount(word);
            if (bytes > MaxWordBytes)
                return ValueResult.Fail($"a word of {bytes} bytes is longer than the {MaxWordBytes} bytes an index entry holds; " +
                                        "store such values in a property with indexFilterable false");
        }
        return ValueResult.Ok;
    }
}
