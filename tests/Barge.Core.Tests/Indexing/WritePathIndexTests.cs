using System.Text;
using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;
using Barge.Core.Tests.Validation;

namespace Barge.Core.Tests.Indexing;

/// <summary>
/// The write path computes an object's index entries and keyword fields from the bytes validation wrote; deletes,
/// merges, the collector and the store's start-up recompute them from the stored properties (as text or as a tree).
/// Whatever the two disagree on would stay in the index for good, so they are held equal here for every data type
/// and tokenization.
/// </summary>
public class WritePathIndexTests
{
    private static readonly string[] Tokenizations = ["word", "lowercase", "whitespace", "field", "trigram"];

    private static PropertyDefinition Prop(string name, string type, string? tokenization = null, bool filterable = true, bool searchable = true) => new()
    {
        Name = name, DataTypeNames = [type], IndexFilterable = filterable, IndexSearchable = searchable, Tokenization = tokenization,
    };

    /// <summary>Every type, each text type under every tokenization (and none), with every index flag on.</summary>
    private static ClassDefinition Everything(bool nullState, bool length) => new()
    {
        Name = "Everything",
        Properties =
        [
            .. Tokenizations.SelectMany(t => new[] { Prop($"text_{t}", "text", t), Prop($"texts_{t}", "text[]", t) }),
            Prop("untokenized", "text"), Prop("plain", "text", "word", filterable: false, searchable: false),
            Prop("onlySearchable", "text", "word", filterable: false), Prop("onlyFilterable", "text", "trigram", searchable: false),
            Prop("count", "int"), Prop("counts", "int[]"), Prop("score", "number"), Prop("scores", "number[]"),
            Prop("done", "boolean"), Prop("flags", "boolean[]"), Prop("published", "date"), Prop("dates", "date[]"),
            Prop("ref", "uuid"), Prop("refs", "uuid[]"), Prop("location", "geoCoordinates"), Prop("phone", "phoneNumber"),
            Prop("blob", "blob"), Prop("author", "Person"), Prop("empty", "text[]"), Prop("absent", "int"),
        ],
        InvertedIndexConfig = new JsonObject { ["indexNullState"] = nullState, ["indexPropertyLength"] = length },
    };

    private const string Text = "The QUICK brown fox, the lazy dög: Grüße ÉTÉ 日本語 a1B2 the fox!  fox-fox\ttab";

    private static string Sent()
    {
        var props = new JsonObject();
        foreach (var t in Tokenizations)
        {
            props[$"text_{t}"] = Text;
            props[$"texts_{t}"] = new JsonArray("Alpha beta", Text, "", "beta BETA  Beta", "alpha");
        }
        props["untokenized"] = "Mixed Case words, words";
        props["plain"] = "not indexed";
        props["onlySearchable"] = "search me, search";
        props["onlyFilterable"] = "filter me";
        props["count"] = 42;
        props["counts"] = new JsonArray(3, 1, 3, -7);
        props["score"] = 2.5;
        props["scores"] = new JsonArray(1, 1.0, 0.1, 1e300);
        props["done"] = true;
        props["flags"] = new JsonArray(true, false, true);
        props["published"] = "2023-04-01T10:00:00+02:00";
        props["dates"] = new JsonArray("1970-01-01T00:00:01Z", "2023-04-01T10:00:00.123-05:30");
        props["ref"] = "AAAAAAAA-0000-0000-0000-000000000000";
        props["refs"] = new JsonArray("bbbbbbbb-0000-0000-0000-000000000000", "BBBBBBBB-0000-0000-0000-000000000000");
        props["location"] = new JsonObject { ["latitude"] = 52.5, ["longitude"] = 13.4 };
        props["phone"] = new JsonObject { ["input"] = "+49 30 1234567" };
        props["blob"] = "aGVsbG8=";
        props["author"] = new JsonArray(
            new JsonObject { ["beacon"] = $"weaviate://localhost/{TestSchema.PersonId}" },
            new JsonObject { ["beacon"] = $"weaviate://localhost/Person/{TestSchema.SharedId}" });
        props["empty"] = new JsonArray();
        return props.ToJsonString();
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Write_path_and_stored_object_give_the_same_index(bool nullState, bool length)
    {
        var cls = Everything(nullState, length);
        var normalized = PropertyValidator.Normalize(cls, JsonNode.Parse(Sent())!.AsObject(), TestSchema.Refs());
        Assert.Null(normalized.Error);

        // What ObjectPreparer computes: from the bytes validation wrote, no tree.
        var written = ObjectIndex.Of(cls, normalized.Utf8!.AsMemory());
        // What the stores recompute later: from the stored text, or from the tree (merges, restores).
        var storedText = Encoding.UTF8.GetString(normalized.Utf8!);
        var fromText = ObjectIndex.Of(cls, storedText);
        var tree = JsonNode.Parse(storedText)!.AsObject();

        Assert.Equal(Shown(written.Entries), Shown(fromText.Entries));
        Assert.Equal(Shown(written.Entries), Shown(IndexEntries.For(cls, tree)));
        Assert.Equal(Shown(written.Keywords), Shown(fromText.Keywords));
        Assert.Equal(Shown(written.Keywords), Shown(KeywordFields.For(cls, tree)));

        // Not vacuous: every tokenization indexed its texts, and both indexes saw them.
        foreach (var t in Tokenizations)
        {
            Assert.Contains(written.Entries, e => e.Property == $"text_{t}");
            Assert.Contains(written.Entries, e => e.Property == $"texts_{t}");
            Assert.Contains(written.Keywords, k => k.Property == $"texts_{t}" && k.Terms.Count > 0);
        }
        Assert.Contains(written.Entries, e => e.Property == IndexKeys.Latitude("location"));
        Assert.Equal(nullState, written.Entries.Any(e => e.Property == IndexKeys.Null("absent")));
        Assert.Equal(length, written.Entries.Any(e => e.Property == IndexKeys.Length("text_word")));
    }

    [Theory]
    [InlineData("word")]
    [InlineData("lowercase")]
    [InlineData("whitespace")]
    [InlineData("field")]
    [InlineData("trigram")]
    public void One_tokenization_serves_filter_entries_and_keyword_terms(string tokenization)
    {
        var cls = Everything(nullState: false, length: false);
        var normalized = PropertyValidator.Normalize(cls, JsonNode.Parse(Sent())!.AsObject(), TestSchema.Refs());
        var index = ObjectIndex.Of(cls, normalized.Utf8!.AsMemory());
        var tree = normalized.Properties!;

        foreach (var name in new[] { $"text_{tokenization}", $"texts_{tokenization}" })
        {
            // The filter's terms are the value's distinct tokens in the order met, as Tokenizer gives them to filters.
            var tokens = KeywordFields.Tokens(tree[name], tokenization)!;
            Assert.Equal(tokens.Distinct(), index.Entries.Where(e => e.Property == name).Select(e => (string)e.Value));
            // BM25F's scan of stored objects tokenizes as the index did: length and frequencies agree.
            var field = Assert.Single(index.Keywords, k => k.Property == name);
            Assert.Equal(tokens.Count, field.Length);
            Assert.Equal(tokens.GroupBy(t => t).Select(g => $"{g.Key}:{g.Count()}"), field.Terms.Select(t => $"{t.Term}:{t.Frequency}"));
        }
    }

    [Fact]
    public void Values_of_another_shape_are_indexed_alike_from_a_tree()
    {
        // Trees built in code can hold what validation never writes; both forms must still agree.
        var cls = Everything(nullState: true, length: true);
        var tree = new JsonObject
        {
            ["text_word"] = new JsonArray("an array", "in a scalar"), ["texts_word"] = "a scalar in an array",
            ["count"] = 2.7, ["done"] = "yes", ["location"] = new JsonObject { ["latitude"] = "x" }, ["counts"] = new JsonArray(1, null, 2),
        };
        var fromTree = ObjectIndex.Of(cls, tree);
        var fromText = ObjectIndex.Of(cls, tree.ToJsonString());
        Assert.Equal(Shown(fromTree.Entries), Shown(fromText.Entries));
        Assert.Equal(Shown(fromTree.Keywords), Shown(fromText.Keywords));
        Assert.Contains("count=2(Int64)", Shown(fromTree.Entries));
        Assert.Contains("len(counts)=2(Int64)", Shown(fromTree.Entries));
        Assert.DoesNotContain(fromTree.Entries, e => e.Property == "text_word");
        Assert.Contains(fromTree.Keywords, k => k.Property == "text_word" && k.Length == 5);
    }

    private static List<string> Shown(IEnumerable<IndexEntry> entries) =>
        entries.Select(e => $"{e.Property}={e.Value}({e.Value.GetType().Name})").ToList();

    private static List<string> Shown(IEnumerable<KeywordField> fields) =>
        fields.Select(f => $"{f.Property}/{f.Length}:" + string.Join(",", f.Terms.Select(t => $"{t.Term}={t.Frequency}"))).ToList();
}
