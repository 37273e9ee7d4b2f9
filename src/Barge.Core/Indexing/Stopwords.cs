using System.Text.Json;
using Barge.Core.Schema;

namespace Barge.Core.Indexing;

/// <summary>
/// A class's stopword set from <c>invertedIndexConfig.stopwords</c> (preset <c>en</c> by default, or <c>none</c>,
/// plus additions minus removals). Stopwords are dropped from filter values only, never at index time.
/// </summary>
public sealed class Stopwords
{
    /// <summary>Weaviate's <c>en</c> preset (the Lucene English list).</summary>
    public static readonly IReadOnlySet<string> English = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    };

    private readonly HashSet<string> _words;

    private Stopwords(HashSet<string> words) => _words = words;

    public bool Contains(string term) => _words.Contains(term);

    public static Stopwords For(ClassDefinition cls)
    {
        var config = cls.InvertedIndexConfig?["stopwords"] as System.Text.Json.Nodes.JsonObject;
        var preset = config?["preset"]?.GetValueKind() == JsonValueKind.String ? config["preset"]!.GetValue<string>() : "en";
        var words = preset == "none" ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(English, StringComparer.Ordinal);
        foreach (var w in Strings(config?["additions"])) words.Add(w);
        foreach (var w in Strings(config?["removals"])) words.Remove(w);
        return new Stopwords(words);
    }

    private static IEnumerable<string> Strings(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonArray a
            ? a.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>())
            : [];
}
