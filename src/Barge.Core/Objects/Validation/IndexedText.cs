using System.Text;
using System.Text.Json;
using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// A filterable text property's words become index entries, and an index entry has a size limit on every store
/// (PostgreSQL's b-tree refuses rows over about a third of a page). A word longer than the configured limit
/// (<see cref="ObjectOptions.MaxIndexedWordBytes"/>) is refused here, for that object alone and the same on both
/// stores, rather than failing its whole batch at the commit.
/// </summary>
public static class IndexedText
{
    /// <summary>
    /// The longest word (a token, or the whole value with <c>field</c> tokenization), in UTF-8 bytes, a PostgreSQL
    /// index entry holds: a third of a page less the entry's other columns, with room to spare. Also the default, so
    /// that both stores accept the same objects.
    /// </summary>
    public const int PostgresMaxWordBytes = 2000;

    /// <summary>The highest limit accepted at all (SQLite has no row limit): a word past it is no word but a blob.</summary>
    public const int HighestMaxWordBytes = 1024 * 1024;

    internal static ValueResult Check<T>(PropertyDefinition prop, T value, int maxWordBytes) where T : struct, ISentValue<T>
    {
        if (value.Kind == JsonValueKind.String) return CheckText(prop, value, maxWordBytes);
        if (value.Kind != JsonValueKind.Array) return ValueResult.Ok;
        var items = value.Items();
        while (value.NextItem(ref items, out var item))
            if (item.Kind == JsonValueKind.String && CheckText(prop, item, maxWordBytes) is { Failed: true } failed) return failed;
        return ValueResult.Ok;
    }

    private static ValueResult CheckText<T>(PropertyDefinition prop, T value, int maxWordBytes) where T : struct, ISentValue<T>
    {
        // Nearly every value is shorter than the limit as a whole, and then none of its words can be longer. Its
        // bytes as sent, quotes and escapes included, are never fewer than its text's: measured without decoding it
        // into a string, and tokenized only when it is that long (the index's terms are counted later, once, by
        // ObjectIndex; a value past the limit is rare enough to be tokenized twice).
        if (value.StringUtf8BytesAtLeast <= maxWordBytes) return ValueResult.Ok;
        var text = value.GetString();
        if (Encoding.UTF8.GetByteCount(text) <= maxWordBytes) return ValueResult.Ok;
        foreach (var word in Tokenizer.Tokenize(prop.Tokenization, text))
        {
            var bytes = Encoding.UTF8.GetByteCount(word);
            if (bytes > maxWordBytes)
                return ValueResult.Fail($"a word of {bytes} bytes is longer than the {maxWordBytes} bytes an index entry holds; " +
                                        "store such values in a property with indexFilterable false");
        }
        return ValueResult.Ok;
    }
}
