using Barge.Core.Schema;

namespace Barge.Core.Tests.Schema;

public class PropertyRulesTests
{
    private static SchemaCheck<PropertyDefinition> Check(PropertyInput p, SchemaSettings? settings = null, params string[] classes) =>
        PropertyRules.Check(p, "Article", new HashSet<string>(), n => classes.Contains(n), settings ?? SchemaSettings.Default);

    private static PropertyInput Prop(string name, params string[] dataType) => new() { Name = name, DataType = dataType };

    [Fact]
    public void Text_gets_word_tokenization_and_both_index_flags()
    {
        var p = Check(Prop("Title", "text")).Value!;
        Assert.Equal("title", p.Name);
        Assert.Equal("word", p.Tokenization);
        Assert.True(p.IndexFilterable);
        Assert.True(p.IndexSearchable);
    }

    [Fact]
    public void Non_text_gets_no_tokenization_and_is_not_searchable()
    {
        var p = Check(Prop("count", "int[]")).Value!;
        Assert.Null(p.Tokenization);
        Assert.True(p.IndexFilterable);
        Assert.False(p.IndexSearchable);
    }

    [Fact]
    public void Default_tokenization_setting_applies_to_text_only_when_none_given()
    {
        var settings = new SchemaSettings { DefaultTokenization = "field" };
        Assert.Equal("field", Check(Prop("a", "text[]"), settings).Value!.Tokenization);
        Assert.Equal("trigram", Check(Prop("a", "text") with { Tokenization = "trigram" }, settings).Value!.Tokenization);
    }

    [Theory]
    [InlineData("string", null, "text", "whitespace")]
    [InlineData("string[]", null, "text[]", "whitespace")]
    [InlineData("string", "field", "text", "field")]
    public void Deprecated_string_is_migrated_to_text(string given, string? tokenization, string stored, string storedTokenization)
    {
        var p = Check(Prop("a", given) with { Tokenization = tokenization }).Value!;
        Assert.Equal([stored], p.DataTypeNames);
        Assert.Equal(storedTokenization, p.Tokenization);
    }

    [Theory]
    [InlineData("text", false, false, false)]
    [InlineData("text", true, true, true)]
    [InlineData("int", true, true, false)]
    public void Index_inverted_is_migrated_to_the_new_flags(string dataType, bool inverted, bool filterable, bool searchable)
    {
        var p = Check(Prop("a", dataType) with { IndexInverted = inverted }).Value!;
        Assert.Equal(filterable, p.IndexFilterable);
        Assert.Equal(searchable, p.IndexSearchable);
    }

    [Fact]
    public void References_to_existing_classes_and_to_the_class_itself_are_accepted()
    {
        Assert.True(Check(Prop("a", "Article")).IsOk);
        Assert.True(Check(Prop("a", "Article", "Author"), null, "Author").IsOk);
    }

    [Fact]
    public void Nested_properties_get_defaults_recursively()
    {
        var input = Prop("meta", "object") with
        {
            NestedProperties = [Prop("title", "text"), Prop("inner", "object[]") with { NestedProperties = [Prop("n", "int")] }],
        };
        var p = Check(input).Value!;
        Assert.Equal("word", p.NestedProperties![0].Tokenization);
        Assert.False(p.NestedProperties[1].NestedProperties![0].IndexSearchable);
    }

    public static TheoryData<PropertyInput, string> Invalid => new()
    {
        { Prop("a-b", "text"), "'a-b' is not a valid property name. Property names in Weaviate are restricted to valid GraphQL names, which must be “/[_A-Za-z][_0-9A-Za-z]{0,230}/”." },
        { Prop("Id", "text"), "'id' is a reserved property name" },
        { Prop("_additional", "text"), "'_additional' is a reserved property name" },
        { Prop("a", "txt"), "property 'a': invalid dataType: unknown primitive data type 'txt'" },
        { Prop("a"), "property 'a': invalid dataType: dataType must have at least one element" },
        { Prop("a", "Nope"), "property 'a': invalid dataType: reference property to nonexistent class" },
        { Prop("a", "text", "int"), "property 'a': invalid dataType: 'Text' is not a valid class name".Replace("'Text'", "'text'") },
        { Prop("a", "int[]") with { Tokenization = "word" }, "Tokenization is not allowed for data type 'int[]'" },
        { Prop("a", "text") with { Tokenization = "gse" }, "Tokenization 'gse' is not allowed for data type 'text'" },
        { Prop("a", "string") with { Tokenization = "lowercase" }, "Tokenization 'lowercase' is not allowed for data type 'string'" },
        { Prop("a", "Article") with { Tokenization = "word" }, "Tokenization is not allowed for reference data type" },
        { Prop("a", "int") with { IndexSearchable = true }, "`indexSearchable` is allowed only for text/text[] data types. For other data types set false or leave empty" },
        { Prop("a", "text") with { IndexInverted = true, IndexFilterable = true }, "`indexInverted` is deprecated and can not be set together with `indexFilterable` or `indexSearchable`." },
        { Prop("a", "object"), "property 'a': At least one nested property is required for data type object/object[]" },
        { Prop("a", "text") with { NestedProperties = [Prop("b", "text")] }, "property 'a': nestedProperties not allowed for data types other than object/object[]" },
        { Prop("a", "object") with { NestedProperties = [Prop("b c", "text")] }, "'b c' is not a valid nested property name. Nested property names in Weaviate are restricted to valid GraphQL names, which must be “/[_A-Za-z][_0-9A-Za-z]*/”." },
        { Prop("a", "object") with { NestedProperties = [Prop("g", "geoCoordinates")] }, "property 'a.g': invalid dataType: data type 'geoCoordinates' is not allowed for nested properties" },
        { Prop("a", "object") with { NestedProperties = [Prop("b", "int") with { Tokenization = "word" }] }, "Tokenization is not allowed for data type 'int'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_properties_get_weaviates_message(PropertyInput input, string message) =>
        Assert.Equal(message, Check(input).Error);

    [Fact]
    public void A_taken_name_is_a_conflict_ignoring_case()
    {
        var check = PropertyRules.Check(Prop("Title", "text"), "Article", new HashSet<string> { "title" }, _ => false, SchemaSettings.Default);
        Assert.Equal("class \"Article\": conflict for property \"title\": already in use or provided multiple times", check.Error);
    }
}
