using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Core.Query;

/// <summary>An object a keyword search scored, with Weaviate's explanation of the score (per query term: boosted frequency and length).</summary>
public readonly record struct ScoredObject(string Id, float Score, string Explain);

/// <summary>
/// Weaviate's BM25F, computed exactly. The query is split per tokenization of the searched properties (stopwords
/// dropped from word-tokenized terms; a term repeated in the query counts that many times); each term is looked up in
/// the properties of its tokenization. For an object, a term's frequency is the sum over those properties of its
/// occurrences times the property's boost, and its length the sum of the lengths (in tokens) of the properties that
/// hold it. Its score is the sum over terms of
/// <c>idf · f / (f + k1 · (1 − b + b · length / avgLength))</c> with <c>idf = ln(1 + (N − n + 0.5) / (n + 0.5))</c>
/// times the term's repeats; N is the number of objects of the class (tenant), n those holding the term in one of the
/// properties, and avgLength the mean over the searched properties of each property's mean length. N, n and the
/// lengths count every object of the class (tenant), filter or not, as Weaviate's index does.
/// </summary>
/// <remarks>
/// With the store's keyword index (<see cref="IKeywordIndex"/>, Bm25F.Indexed.cs) the cost follows the query terms'
/// posting lists, not the class. Without it, the class (tenant) is scanned, reading and tokenizing every object's
/// searched properties, plus one filtered scan for the candidates when there is a filter. Both compute the same
/// numbers in the same order, so their scores are equal to the last bit.
/// </remarks>
internal sealed partial class Bm25F
{
    private sealed record Field(string Name, float Boost, string Tokenization);

    private sealed record Term(string Text, string Tokenization, int Repeats, int[] Fields);

    private readonly string _class;
    private readonly Field[] _fields;
    private readonly Term[] _terms;
    private readonly int _minimumMatch;
    private readonly double _k1;
    private readonly double _b;

    private Bm25F(string cls, Field[] fields, Term[] terms, int minimumMatch, double k1, double b)
    {
        _class = cls;
        _fields = fields;
        _terms = terms;
        _minimumMatch = minimumMatch;
        _k1 = k1;
        _b = b;
    }

    /// <summary>Checks the properties and splits the query; refuses what Weaviate refuses before reading anything.</summary>
    public static Bm25F Plan(ClassDefinition cls, string query, IReadOnlyList<string> properties, int? minimumTermsMatch)
    {
        if (minimumTermsMatch is < 1) throw new UserInputException(KeywordMessages.BadMinimumMatch(minimumTermsMatch.Value));
        var fields = properties.Count == 0 ? AllSearchable(cls) : properties.Select(p => Named(cls, p)).ToArray();
        if (fields.Length == 0) throw new UserInputException(KeywordMessages.NoSearchableProperties(cls.Name));
        var stopwords = Stopwords.For(cls);
        var terms = new List<Term>();
        foreach (var tokenization in fields.Select(f => f.Tokenization).Distinct())
        {
            var indexes = Enumerable.Range(0, fields.Length).Where(i => fields[i].Tokenization == tokenization).ToArray();
            var repeats = new Dictionary<string, int>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var token in Tokenizer.Tokenize(tokenization, query))
            {
                if (repeats.TryGetValue(token, out var r)) repeats[token] = r + 1;
                else
                {
                    repeats[token] = 1;
                    order.Add(token);
                }
            }
            foreach (var token in order)
                if (tokenization != Tokenizer.Word || !stopwords.Contains(token))
                    terms.Add(new Term(token, tokenization, repeats[token], indexes));
        }
        var bm25 = cls.InvertedIndexConfig?["bm25"];
        var k1 = ConfigJson.Number(bm25?["k1"]) ?? 1.2;
        var b = ConfigJson.Number(bm25?["b"]) ?? 0.75;
        return new Bm25F(cls.Name, fields, terms.ToArray(), minimumTermsMatch ?? Math.Max(terms.Count, 1), k1, b);
    }

    private static Field[] AllSearchable(ClassDefinition cls) =>
        cls.Properties.Where(Searchable).Select(p => new Field(p.Name, 1f, TokenizationOf(p))).ToArray();

    private static Field Named(ClassDefinition cls, string raw)
    {
        var caret = raw.IndexOf('^');
        var name = caret < 0 ? raw : raw[..caret];
        var boost = 1f;
        if (caret >= 0 && !(float.TryParse(raw[(caret + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out boost) && boost >= 0 && float.IsFinite(boost)))
            throw new UserInputException(KeywordMessages.BadBoost(raw));
        var property = cls.FindProperty(SchemaNames.PropertyNameFor(name));
        if (property is null || !Searchable(property)) throw new UserInputException(KeywordMessages.NotSearchable(name));
        return new Field(property.Name, boost, TokenizationOf(property));
    }

    private static bool Searchable(PropertyDefinition p) => KeywordFields.Searchable(p);

    private static string TokenizationOf(PropertyDefinition p) => KeywordFields.TokenizationOf(p);

    /// <summary>
    /// The best <paramref name="want"/> candidates (objects the filter admits) holding enough query terms, best first
    /// (equal scores by id): from the store's keyword index when it has one, else from a scan of the class.
    /// </summary>
    public Task<List<ScoredObject>> RankAsync(IObjectStore store, string? tenant, FilterNode? filter, bool explain, int want, CancellationToken ct) =>
        _terms.Length == 0 || want <= 0 ? Task.FromResult(new List<ScoredObject>())
        : store is IKeywordIndex index ? RankIndexedAsync(index, tenant, filter, explain, want, ct)
        : RankScannedAsync(store, tenant, filter, explain, want, ct);

    /// <summary>Every object of the class read and tokenized: the reference computation, for a store without a keyword index.</summary>
    private async Task<List<ScoredObject>> RankScannedAsync(IObjectStore store, string? tenant, FilterNode? filter, bool explain, int want, CancellationToken ct)
    {
        var termsByTokenization = _terms.GroupBy(t => t.Tokenization)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Text).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var lengthSum = new double[_fields.Length];
        var lengthCount = new long[_fields.Length];
        var holding = new long[_terms.Length];
        long total = 0;
        var matches = new List<(string Id, float[] Frequency, float[] Length)>();
        var counts = new Dictionary<string, int>[_fields.Length];
        var lengths = new int[_fields.Length];
        for (var f = 0; f < _fields.Length; f++) counts[f] = new Dictionary<string, int>(StringComparer.Ordinal);

        await foreach (var o in store.ScanObjectsAsync(new ObjectScan(_class, tenant), ct).ConfigureAwait(false))
        {
            total++;
            var properties = o.Properties;
            for (var f = 0; f < _fields.Length; f++)
            {
                counts[f].Clear();
                lengths[f] = 0;
                var tokens = Tokens(properties[_fields[f].Name], _fields[f].Tokenization);
                if (tokens is null) continue;
                lengths[f] = tokens.Count;
                lengthSum[f] += tokens.Count;
                lengthCount[f]++;
                var wanted = termsByTokenization[_fields[f].Tokenization];
                foreach (var token in tokens)
                    if (wanted.Contains(token)) counts[f][token] = counts[f].GetValueOrDefault(token) + 1;
            }
            float[]? frequency = null, length = null;
            for (var t = 0; t < _terms.Length; t++)
            {
                var held = false;
                foreach (var f in _terms[t].Fields)
                {
                    if (!counts[f].TryGetValue(_terms[t].Text, out var c)) continue;
                    frequency ??= new float[_terms.Length];
                    length ??= new float[_terms.Length];
                    frequency[t] += c * _fields[f].Boost;
                    length[t] += lengths[f];
                    held = true;
                }
                if (held) holding[t]++;
            }
            if (frequency is not null) matches.Add((o.Id, frequency, length!));
        }

        var admitted = filter is null ? null : await IdsAsync(store, tenant, filter, ct).ConfigureAwait(false);
        var averageLength = 0.0;
        for (var f = 0; f < _fields.Length; f++) averageLength += lengthCount[f] == 0 ? 0 : (float)(lengthSum[f] / lengthCount[f]);
        averageLength /= _fields.Length;
        var idf = new double[_terms.Length];
        for (var t = 0; t < _terms.Length; t++)
            idf[t] = Math.Log(1 + (total - holding[t] + 0.5) / (holding[t] + 0.5)) * _terms[t].Repeats;

        var scored = new List<ScoredObject>(matches.Count);
        foreach (var (id, frequency, length) in matches)
        {
            if (admitted is not null && !admitted.Contains(id)) continue;
            var score = 0.0;
            var held = 0;
            for (var t = 0; t < _terms.Length; t++)
            {
                if (length[t] == 0 && frequency[t] == 0) continue;
                held++;
                double freq = frequency[t];
                score += idf[t] * freq / (freq + _k1 * (1 - _b + _b * length[t] / averageLength));
            }
            if (held < _minimumMatch) continue;
            scored.Add(new ScoredObject(id, (float)score, explain ? Explain(frequency, length) : ""));
        }
        scored.Sort(BestFirst);
        if (scored.Count > want) scored.RemoveRange(want, scored.Count - want);
        return scored;
    }

    private static int BestFirst(ScoredObject x, ScoredObject y) =>
        y.Score.CompareTo(x.Score) is var c && c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);

    /// <summary>Weaviate's explanation: per term held, <c>, BM25F_{term}_frequency:{f}, BM25F_{term}_propLength:{length}</c>.</summary>
    private string Explain(float[] frequency, float[] length)
    {
        var text = new StringBuilder();
        for (var t = 0; t < _terms.Length; t++)
        {
            if (length[t] == 0 && frequency[t] == 0) continue;
            text.Append(", BM25F_").Append(_terms[t].Text).Append("_frequency:").Append(frequency[t].ToString(CultureInfo.InvariantCulture));
            text.Append(", BM25F_").Append(_terms[t].Text).Append("_propLength:").Append(length[t].ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static List<string>? Tokens(JsonNode? value, string tokenization) => KeywordFields.Tokens(value, tokenization);

    private async Task<HashSet<string>> IdsAsync(IObjectStore store, string? tenant, FilterNode filter, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var o in store.ScanObjectsAsync(new ObjectScan(_class, tenant, filter), ct).ConfigureAwait(false)) ids.Add(o.Id);
        return ids;
    }
}
