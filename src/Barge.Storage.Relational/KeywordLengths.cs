using System.Globalization;
using System.Text;
using System.Text.Json;
using Barge.Core.Indexing;

namespace Barge.Storage.Relational;

/// <summary>
/// An object's keyword lengths as kept beside it (<c>{"title":12,"body":340}</c>: each searchable property it holds
/// and that value's length in tokens). Removing the object takes exactly these out of the keyword totals, read back
/// as a few numbers instead of parsing and tokenizing its properties again on the writer. Property names are
/// GraphQL names (letters, digits, '_'), so they need no escaping.
/// </summary>
public static class KeywordLengths
{
    /// <summary>The text kept for an object with these keyword fields; <c>{}</c> for none.</summary>
    public static string Encode(IReadOnlyList<KeywordField> fields)
    {
        if (fields.Count == 0) return "{}";
        var text = new StringBuilder(16 * fields.Count);
        text.Append('{');
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append('"').Append(fields[i].Property).Append("\":").Append(fields[i].Length.ToString(CultureInfo.InvariantCulture));
        }
        return text.Append('}').ToString();
    }

    /// <summary>
    /// The kept lengths as keyword fields without terms (all the totals need); a field with a length of 0 is one all
    /// the same, as the object counted among the property's holders.
    /// </summary>
    public static IReadOnlyList<KeywordField> Decode(string kept)
    {
        if (kept.Length <= 2) return [];
        var fields = new List<KeywordField>(4);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(kept));
        reader.Read(); // {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString()!;
            reader.Read();
            fields.Add(new KeywordField(property, reader.GetInt32(), []));
        }
        return fields;
    }
}
