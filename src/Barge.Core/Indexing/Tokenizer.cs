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

    /// <summary>
    /// Adds the terms of <paramref name="text"/> to <paramref name="into"/>: the write path's form of
    /// <see cref="Tokenize"/>, which fills the caller's reused list instead of a new one per text.
    /// </summary>
    public static void AddTerms(string? tokenization, string text, List<string> into)
    {
        if (tokenization is Lowercase or Whitespace or Field or Trigram)
        {
            into.AddRange(Tokenize(tokenization, text));
            return;
        }
        var terms = new WordTerms(text);
        while (terms.Next() is { } term) into.Add(term);
    }

    /// <summary>Runs of letters and digits, lower-cased (Weaviate: split on !unicode.IsLetter &amp;&amp; !unicode.IsNumber).</summary>
    private static List<string> SplitWords(string text)
    {
        var list = new List<string>();
        var terms = new WordTerms(text);
        while (terms.Next() is { } term) list.Add(term);
        return list;
    }

    /// <summary>
    /// The <c>word</c> terms of a text one after the other. On the write path for every text property: an ASCII run
    /// that is already lower case is looked up in <see cref="TermPool"/> straight from the text, so that the common
    /// words of a language cost neither a copy nor a new string per occurrence.
    /// </summary>
    private ref struct WordTerms(string text)
    {
        private int _at;

        public string? Next()
        {
            while (_at < text.Length)
            {
                var start = _at;
                var simple = true; // ASCII letters and digits, none upper case: the term is the text itself
                while (_at < text.Length)
                {
                    var c = text[_at];
                    if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) { _at++; continue; }
                    if (char.IsAsciiLetterUpper(c)) { simple = false; _at++; continue; }
                    if (char.IsAscii(c)) break;
                    Rune.DecodeFromUtf16(text.AsSpan(_at), out var rune, out var consumed);
                    if (!Rune.IsLetterOrDigit(rune)) break;
                    simple = false;
                    _at += consumed;
                }
                var end = _at;
                // Skip the separator (one rune) that ended the run.
                if (_at < text.Length)
                {
                    Rune.DecodeFromUtf16(text.AsSpan(_at), out _, out var sep);
                    _at += sep;
                }
                if (end == start) continue;
                return simple ? TermPool.Get(text.AsSpan(start, end - start)) : Lower(text.AsSpan(start, end - start));
            }
            return null;
        }

        private static string Lower(ReadOnlySpan<char> run)
        {
            var sb = new StringBuilder(run.Length);
            Span<char> encoded = stackalloc char[2];
            for (var i = 0; i < run.Length;)
            {
                Rune.DecodeFromUtf16(run[i..], out var rune, out var consumed);
                i += consumed;
                var written = Rune.ToLowerInvariant(rune).EncodeToUtf16(encoded);
                sb.Append(encoded[..written]);
            }
            return TermPool.Get(sb.ToString().AsSpan());
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
