using Barge.Core.Filters;
using static Barge.Core.Tests.Filters.TestSchema;

namespace Barge.Core.Tests.Filters;

public class FilterValidatorTests
{
    [Theory]
    [InlineData("""{"operator":"Equal","path":["some"],"valueText":"x"}""", "no such prop with name 'some' found in class 'Article' in the schema. Check your schema files for which properties in this class are available")]
    [InlineData("""{"operator":"Equal","path":["score"],"valueInt":1}""", "data type filter cannot use \"valueInt\" on type \"number\", use \"valueNumber\" instead")]
    [InlineData("""{"operator":"Equal","path":["tags"],"valueInt":1}""", "data type filter cannot use \"valueInt\" on type \"text[]\", use \"valueText\" instead")]
    [InlineData("""{"operator":"Equal","path":["count"],"valueString":"1"}""", "data type filter cannot use \"valueString\" on type \"int\", use \"valueInt\" instead")]
    [InlineData("""{"operator":"Equal","path":["id"],"valueInt":1}""", "using [\"_id\"] to filter by uuid: must use \"valueText\" to specify the id")]
    [InlineData("""{"operator":"Equal","path":["_creationTimeUnix"],"valueInt":1}""", "using [\"_creationTimeUnix\"] to filter by timestamp: must use \"valueText\" or \"valueDate\"")]
    [InlineData("""{"operator":"IsNull","path":["title"],"valueText":"x"}""", "operator IsNull requires a booleanValue, got \"valueText\" instead")]
    [InlineData("""{"operator":"Equal","path":["len(title)"],"valueText":"x"}""", "Filtering for property length requires IntValue, got \"valueText\" instead")]
    [InlineData("""{"operator":"Like","path":["len(title)"],"valueInt":1}""", "Filtering for property length supports operators (not) equal and greater/less than (equal), got \"Like\" instead")]
    [InlineData("""{"operator":"Equal","path":["len(title)"],"valueInt":-1}""", "Can only filter for positive property length got -1 instead")]
    [InlineData("""{"operator":"Equal","path":["ref"],"valueInt":1}""", "property \"ref\" is of type \"uuid\" or \"uuid[]\": specify uuid as string using \"valueText\"")]
    [InlineData("""{"operator":"Like","path":["ref"],"valueText":"*"}""", "operator \"Like\" cannot be used on uuid/uuid[] props")]
    [InlineData("""{"operator":"Equal","path":["author","Nope","name"],"valueText":"x"}""", "class \"Nope\" does not exist in schema")]
    [InlineData("""{"operator":"Equal","path":["author","Author","nope"],"valueText":"x"}""", "no such prop with name 'nope' found in class 'Author' in the schema. Check your schema files for which properties in this class are available")]
    public void Reports_weaviates_messages(string json, string expected) => Assert.Equal(expected, Validate(json).Error);

    [Fact]
    public void Reference_prop_directly_only_counts()
    {
        var error = Validate("""{"operator":"Equal","path":["author"],"valueText":"x"}""").Error;
        Assert.StartsWith("Property \"author\" is a ref prop to the class \"Author\". Only \"valueInt\"", error);
        var (ok, validated) = Validate("""{"operator":"GreaterThan","path":["author"],"valueInt":1}""");
        Assert.Null(ok);
        Assert.Equal("idx[Article.len(author) GreaterThan 1:Int64]", Show(validated));
    }

    [Fact]
    public void Operand_errors_are_merged_with_positions()
    {
        var error = Validate("""{"operator":"And","operands":[{"operator":"Equal","path":["a"],"valueInt":1},{"operator":"Equal","path":["count"],"valueInt":1},{"operator":"Equal","path":["b"],"valueInt":1}]}""").Error;
        Assert.Equal("child operand at position 0: no such prop with name 'a' found in class 'Article' in the schema. Check your schema files for which properties in this class are available, " +
                     "child operand at position 2: no such prop with name 'b' found in class 'Article' in the schema. Check your schema files for which properties in this class are available", error);
    }

    [Fact]
    public void Text_equal_tokenizes_drops_stopwords_and_ands_terms()
    {
        var (error, validated) = Validate("""{"operator":"Equal","path":["Title"],"valueText":"The Quick-Fox"}""");
        Assert.Null(error);
        var and = Assert.IsType<CompoundFilter>(validated);
        Assert.Equal(FilterOperator.And, and.Operator);
        Assert.Equal(["quick", "fox"], and.Operands.Cast<IndexCondition>().Select(i => (string)i.Values[0]));
    }

    [Fact]
    public void Only_stopwords_is_a_search_time_error()
    {
        var (error, validated) = Validate("""{"operator":"Equal","path":["title"],"valueText":"the a"}""");
        Assert.Null(error);
        Assert.Equal("invalid search term, only stopwords provided. Stopwords can be configured in class.invertedIndexConfig.stopwords",
            FilterValidator.FindSearchError(validated));
    }

    [Fact]
    public void Unindexed_settings_are_search_time_errors()
    {
        var cls = Article(timestamps: false, nullState: false, length: false);
        Assert.Equal("Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the InvertedIndexConfig in Article",
            Search("""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"1"}""", cls));
        Assert.StartsWith("Nullstate must be indexed to be filterable!", Search("""{"operator":"IsNull","path":["title"],"valueBoolean":true}""", cls));
        Assert.StartsWith("Property length must be indexed to be filterable!", Search("""{"operator":"Equal","path":["len(title)"],"valueInt":1}""", cls));
        Assert.StartsWith("Filtering by property 'hidden' requires inverted index", Search("""{"operator":"Equal","path":["hidden"],"valueText":"x"}""", cls));
    }

    private static string? Search(string json, Barge.Core.Schema.ClassDefinition cls)
    {
        var (error, validated) = Validate(json, cls);
        Assert.Null(error);
        return FilterValidator.FindSearchError(validated);
    }

    [Fact]
    public void Reference_paths_nest_conditions_per_hop()
    {
        var (error, validated) = Validate("""{"operator":"Equal","path":["author","Author","org","Org","city"],"valueText":"Berlin"}""");
        Assert.Null(error);
        var outer = Assert.IsType<ReferenceCondition>(validated);
        Assert.Equal(("Article", "author", "Author"), (outer.Class, outer.ReferenceProperty, outer.TargetClass));
        var inner = Assert.IsType<ReferenceCondition>(outer.Target);
        Assert.Equal("idx[Org.city In berlin:String]", Show(inner.Target));
    }

    [Fact]
    public void Special_paths_become_column_conditions()
    {
        Assert.Equal("col[Id Like *:String]", Show(Validate("""{"operator":"Like","path":["id"],"valueText":"*"}""").Validated));
        Assert.Equal("col[CreationTime LessThan 1716200000000:Int64]",
            Show(Validate("""{"operator":"LessThan","path":["_creationTimeUnix"],"valueText":"1716200000000"}""").Validated));
        Assert.Equal("col[LastUpdateTime GreaterThanEqual 0:Int64]",
            Show(Validate("""{"operator":"GreaterThanEqual","path":["_lastUpdateTimeUnix"],"valueDate":"1970-01-01T00:00:00Z"}""").Validated));
        Assert.Equal("Not(col[Id In abc:String])", Show(Validate("""{"operator":"NotEqual","path":["_id"],"valueText":"ABC"}""").Validated));
    }

    [Fact]
    public void Values_take_their_stored_form()
    {
        Assert.Equal("idx[Article.done In 1:Int64]", Show(Validate("""{"operator":"Equal","path":["done"],"valueBoolean":true}""").Validated));
        Assert.Equal("idx[Article.published GreaterThan 86400000:Int64]",
            Show(Validate("""{"operator":"GreaterThan","path":["published"],"valueDate":"1970-01-02T01:00:00+01:00"}""").Validated));
        Assert.Equal("idx[Article.null(title) In 1:Int64]", Show(Validate("""{"operator":"IsNull","path":["title"],"valueBoolean":true}""").Validated));
        Assert.Equal("idx[Article.code In A B:String]", Show(Validate("""{"operator":"Equal","path":["code"],"valueText":" A B "}""").Validated));
        Assert.Equal("idx[Article.score In 1:Double]", Show(Validate("""{"operator":"Equal","path":["score"],"valueNumber":1}""").Validated));
        Assert.Equal("Not(idx[Article.tags In a:String|b:String])", Show(Validate("""{"operator":"ContainsNone","path":["tags"],"valueTextArray":["a","b"]}""").Validated));
        Assert.Equal("And(idx[Article.title In red:String], idx[Article.title In fox:String])",
            Show(Validate("""{"operator":"ContainsAll","path":["title"],"valueTextArray":["red","the fox"]}""").Validated));
        Assert.Equal("idx[Article.title Like qu*k?:String]", Show(Validate("""{"operator":"Like","path":["title"],"valueText":"Qu*K?"}""").Validated));
    }
}
