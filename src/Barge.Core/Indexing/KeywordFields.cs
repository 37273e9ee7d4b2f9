using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Indexing;

/// <summary>A term of a searchable property's value and how often the value holds it.</summary>
public readonly record struct KeywordTerm(string Term, int Frequency);

/// <summary>
/// One searchable property's value of an object as the keyword (BM25F) index keeps it: its length in tokens and its
/// distinct terms with their frequencies.
/// </summary>
public sealed record KeywordField(string Property, int Length, IReadOnlyList<KeywordTerm> Terms);

/// <summary>
/// The keyword index's view of an object: for every searchable property (text or text[] with
/// <c>indexSearchable</c>) that has a value, its tokens per the property's tokenization. Stopwords stay in: they
/// count in a value's length, and only the query drops them. This is the one tokenization BM25F scores with, whether
/// from the index or from a scan of the objects.
/// </summary>
public static class KeywordFields
{
    public static bool Searchable(PropertyDefinition p) =>
        p.IndexSearchable && p.DataType.Primitive == PrimitiveType.Text;

    public static string TokenizationOf(PropertyDefinition p) => p.Tokenization is { Length: > 0 } t ? t : Tokenizer.Word;

    /// <summary>Whether objects of the class have any searchable property.</summary>
    public static bool AnyFor(ClassDefinition cls)
    {
        var properties = cls.Properties;
        for (var p = 0; p < properties.Count; p++)
            if (Searchable(properties[p])) return true;
        return false;
    }

    /// <summary>
    /// The searchable properties of the object that have a value (a string, or an array: its strings' tokens one after
    /// another): the keyword half of <see cref="ObjectIndex"/>, which holds the rule.
    /// </summary>
    public static IReadOnlyList<KeywordField> For(ClassDefinition cls, JsonObject properties) =>
        ObjectIndex.Of(cls, properties, IndexKinds.Keywords).Keywords;

    /// <summary>
    /// The tokens of a text or text[] value (an array's elements one after another); null when the object has no
    /// value. For BM25F's scan of objects read as trees: the same shapes and tokenization as <see cref="ObjectIndex"/>
    /// reads from elements (a test holds the two together).
    /// </summary>
    public static List<string>? Tokens(JsonNode? value, string tokenization)
    {
        switch (value)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return [.. Tokenizer.Tokenize(tokenization, v.GetValue<string>())];
            case JsonArray a:
                var tokens = new List<string>();
                foreach (var item in a)
                    if (item is JsonValue e && e.GetValueKind() == JsonValueKind.String)
                        tokens.AddRange(Tokenizer.Tokenize(tokenization, e.GetValue<string>()));
                return tokens;
            default:
                return null;
        }
    }
}
