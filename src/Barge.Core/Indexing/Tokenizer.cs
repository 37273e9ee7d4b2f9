using System.Text;

namespace Barge.Core.Indexing;

/// <summary>
/// Splits text into index terms per a property's tokenization. Indexing and filtering share it so that a filter
/// value always meets the stored terms in the same form.
/// </summary>
public static class Tokenizer
{
    public const string Word = "word";
    public const string Lowercase = "lowercase";
    public const string Whitespace = "whitespace";
    public const string Field = "field";
    public const string Trigram = "trigram";

    /// <summary>Terms of <paramref name="text"/>; unknown or null tokenization behaves like Weaviate's default, <c>word</c>.</summary>
    public static IReadOnlyList<string> Tokenize(string? tokenization, string text) => tokenization switch
    {
        Lowercase => SplitWhitespace(text).Select(t => t.ToLowerInvariant()).ToList(),
        Whitespace => SplitWhitespace(text),
        Field => text.Trim() is { Length: > 0 } trimmed ? [trimmed] : [],
        Trigram => Trigrams(text),
        _ => SplitWords(text),
    };

    /// <summary>
    /// Whether stored terms are lower-cased, so that a Like pattern must be lower-cased too.
    /// </summary>
    public static bool LowerCases(string? tokenization) => tokenization is not (Whitespace or Field);

    /// <summary>Runs of letters and digits, lower-cased (Weaviate: split on !unicode.IsLetter &amp;&amp; !unicode.IsNumber).</summary>
    /// <remarks>On the write path for every text property: ASCII is handled char by char without allocating.</remarks>
    private static List<string> SplitWords(string text)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        Span<char> encoded = stackalloc char[2];
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsAscii(c))
            {
                i++;
                if (char.IsAsciiLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
                else Flush();
                continue;
            }
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            i += consumed;
            if (Rune.IsLetterOrDigit(rune))
            {
                var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(encoded);
                current.Append(encoded[..written]);
            }
            else Flush();
        }
        Flush();
        return terms;

        void Flush()
        {
            if (current.Length == 0) return;
            terms.Add(current.ToString());
            current.Clear();
        }
    }

    private static List<string> SplitWhitespace(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Lower-cased 3-rune windows over the letters and digits only (spaces and punctuation dropped).</summary>
    private static List<string> Trigrams(string text)
    {
        var runes = text.EnumerateRunes().Where(Rune.IsLetterOrDigit).Select(Rune.ToLowerInvariant).ToArray();
        var terms = new List<string>();
        for (var i = 0; i + 3 <= runes.Length; i++)
            terms.Add(string.Concat(runes[i].ToString(), runes[i + 1].ToString(), runes[i + 2].ToString()));
        return terms;
    }
}
