using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using static Barge.Core.Tests.Filters.TestSchema;

namespace Barge.Core.Tests.Filters;

public class IndexEntriesTests
{
    [Theory]
    [InlineData("word", "Hello, World! hello", new[] { "hello", "world", "hello" })]
    [InlineData("word", "no. 00001234 x2Y  end-", new[] { "no", "00001234", "x2y", "end" })]
    [InlineData("word", "Grüße, ÉTÉ straße·ΑΒΓ 日本語 a", new[] { "grüße", "été", "straße", "αβγ", "日本語", "a" })]
    [InlineData("word", "", new string[0])]
    [InlineData("word", " ,; ", new string[0])]
    [InlineData("lowercase", "Hello, World!", new[] { "hello,", "world!" })]
    [InlineData("whitespace", " Hello  World ", new[] { "Hello", "World" })]
    [InlineData("field", "  Hello World ", new[] { "Hello World" })]
    [InlineData("trigram", "Abcd!", new[] { "abc", "bcd" })]
    public void Tokenizes_per_tokenization(string tokenization, string text, string[] expected) =>
        Assert.Equal(expected, Tokenizer.Tokenize(tokenization, text));

    [Theory]
    [InlineData("Hello, World! hello")]
    [InlineData("Grüße, ÉTÉ straße·ΑΒΓ 日本語 a1B2 no. 00001234")]
    [InlineData("the the THE The")]
    public void Write_path_terms_are_the_filter_terms(string text)
    {
        var terms = new List<string>();
        Tokenizer.AddTerms("word", text, terms);
        Assert.Equal(Tokenizer.Tokenize("word", text), terms);
    }

    [Fact]
    public void Indexes_every_type_with_synthetic_keys()
    {
        var props = JsonNode.Parse("""
            {"title":"The Fox the fox","tags":["a","b","a"],"count":3,"score":1,"done":true,"published":"1970-01-01T00:00:01Z",
             "ref":"AAAAAAAA-0000-0000-0000-000000000000","location":{"latitude":52.5,"longitude":13.4},
             "author":[{"beacon":"weaviate://localhost/Author/BBBBBBBB-0000-0000-0000-000000000000"},{"beacon":"weaviate://localhost/cccccccc-0000-0000-0000-000000000000"}],
             "hidden":"secret","phone":{"input":"123"}}
            """)!.AsObject();
        var entries = IndexEntries.For(Article(), props).Select(e => $"{e.Property}={e.Value}({e.Value.GetType().Name})").ToList();

        string[] expected =
        [
            "title=the(String)", "title=fox(String)", "len(title)=15(Int64)", "null(title)=0(Int64)", "len(code)=0(Int64)", "null(code)=1(Int64)",
            "tags=a(String)", "tags=b(String)", "len(tags)=3(Int64)", "null(tags)=0(Int64)",
            "count=3(Int64)", "null(count)=0(Int64)", "score=1(Double)", "null(score)=0(Int64)", "done=1(Int64)", "null(done)=0(Int64)",
            "published=1000(Int64)", "null(published)=0(Int64)", "ref=aaaaaaaa-0000-0000-0000-000000000000(String)", "null(ref)=0(Int64)",
            "geo.lat(location)=52.5(Double)", "geo.lon(location)=13.4(Double)", "null(location)=0(Int64)",
            "author=Author/bbbbbbbb-0000-0000-0000-000000000000(String)", "author=/cccccccc-0000-0000-0000-000000000000(String)",
            "len(author)=2(Int64)", "null(author)=0(Int64)",
            "len(hidden)=6(Int64)", "null(hidden)=0(Int64)", "null(phone)=0(Int64)",
        ];
        Assert.Equal(expected, entries);
    }

    [Fact]
    public void Absent_properties_are_null_with_length_zero()
    {
        var entries = IndexEntries.For(Article(nullState: true, length: false), new JsonObject { ["tags"] = new JsonArray() });
        Assert.Contains(new IndexEntry("null(tags)", 1L), entries);
        Assert.Contains(new IndexEntry("null(title)", 1L), entries);
        Assert.Contains(new IndexEntry("len(author)", 0L), entries); // references always count
        Assert.DoesNotContain(entries, e => e.Property == "len(tags)");
        Assert.DoesNotContain(entries, e => e.Property == "tags");
    }

    [Fact]
    public void Numbers_built_in_code_are_indexed_too()
    {
        var entries = IndexEntries.For(Article(nullState: false, length: false), new JsonObject { ["count"] = 7, ["score"] = 2.5 });
        Assert.Equal([new IndexEntry("count", 7L), new IndexEntry("score", 2.5), new IndexEntry("len(author)", 0L)], entries);
    }
}
