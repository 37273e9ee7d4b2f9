using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Core.Schema.AutoSchema;
using static Barge.Core.Tests.Validation.TestSchema;

namespace Barge.Core.Tests.Validation;

public class AutoSchemaInferenceTests
{
    private static readonly AutoSchemaOptions Defaults = new();
    private static readonly DateTimeOffset Now = new(2024, 5, 2, 9, 4, 5, TimeSpan.Zero);

    private static InferenceResult Infer(string json, ClassDefinition? cls = null, AutoSchemaOptions? options = null) =>
        AutoSchemaInference.InferMissing(cls, System.Text.Json.JsonDocument.Parse(json).RootElement, options ?? Defaults, TestSchema.Refs(), Now);

    private static PropertyDefinition Single(string valueJson, AutoSchemaOptions? options = null)
    {
        var r = Infer($"{{\"p\": {valueJson}}}", options: options);
        Assert.Null(r.Error);
        return Assert.Single(r.NewProperties);
    }

    [Theory]
    [InlineData("\"hello\"", "text")]
    [InlineData("\"2023-04-01T10:00:00+02:00\"", "date")]
    [InlineData("\"2023-04-01\"", "text")]
    [InlineData("\"6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\"", "uuid")]
    [InlineData("\"6f1c3c0e8a4e4b8e9a3c0c5f1b2d7e11\"", "uuid")]
    [InlineData("\"urn:uuid:6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\"", "uuid")]
    [InlineData("5", "number")]
    [InlineData("5.5", "number")]
    [InlineData("true", "boolean")]
    [InlineData("{\"latitude\":1,\"longitude\":2}", "geoCoordinates")]
    [InlineData("{\"input\":\"+31201234567\"}", "phoneNumber")]
    [InlineData("{\"input\":\"0201234567\",\"defaultCountry\":\"NL\"}", "phoneNumber")]
    [InlineData("{\"latitude\":1,\"longitude\":2,\"alt\":3}", "object")]
    [InlineData("{\"input\":\"x\",\"other\":1}", "object")]
    [InlineData("null", "text")]
    [InlineData("[]", "text[]")]
    [InlineData("[null]", "text[]")]
    [InlineData("[\"a\",\"b\"]", "text[]")]
    [InlineData("[\"2020-01-01T00:00:00Z\",\"2021-01-01T00:00:00Z\"]", "date[]")]
    [InlineData("[\"6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\"]", "uuid[]")]
    [InlineData("[\"2020-01-01T00:00:00Z\",\"a\"]", "text[]")]
    [InlineData("[\"6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\",\"a\"]", "text[]")]
    [InlineData("[\"2020-01-01T00:00:00Z\",\"6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\"]", "text[]")]
    [InlineData("[1,2.5]", "number[]")]
    [InlineData("[true,false]", "boolean[]")]
    [InlineData("[{\"a\":1},{\"b\":\"x\"}]", "object[]")]
    public void Types_are_inferred_from_values(string value, string dataType) =>
        Assert.Equal([dataType], Single(value).DataTypeNames);

    [Fact]
    public void Options_change_the_defaults()
    {
        var options = new AutoSchemaOptions(DefaultString: "string", DefaultNumber: "int", DefaultDate: "text");
        Assert.Equal(["int"], Single("5", options).DataTypeNames);
        Assert.Equal(["int[]"], Single("[5]", options).DataTypeNames);
        Assert.Equal(["string"], Single("\"x\"", options).DataTypeNames);
        Assert.Equal(["text"], Single("\"2020-01-01T00:00:00Z\"", options).DataTypeNames);
    }

    [Theory]
    [InlineData("\"x\"", "word", true, true)]
    [InlineData("[\"x\"]", "word", true, true)]
    [InlineData("5", null, true, false)]
    [InlineData("true", null, true, false)]
    [InlineData("{\"a\":1}", null, true, false)]
    [InlineData("\"2020-01-01T00:00:00Z\"", null, true, false)]
    public void Index_defaults_depend_on_text(string value, string? tokenization, bool filterable, bool searchable)
    {
        var p = Single(value);
        Assert.Equal(tokenization, p.Tokenization);
        Assert.Equal(filterable, p.IndexFilterable);
        Assert.Equal(searchable, p.IndexSearchable);
    }

    [Fact]
    public void Nested_objects_get_nested_properties_with_verbatim_names()
    {
        var p = Single("{\"Name\":\"n\",\"size\":3,\"inner\":{\"when\":\"2020-01-01T00:00:00Z\"},\"tags\":[\"a\"]}");
        Assert.Equal(["object"], p.DataTypeNames);
        var nested = p.NestedProperties!;
        Assert.Equal(["Name", "size", "inner", "tags"], nested.Select(n => n.Name));
        Assert.Equal(["text"], nested[0].DataTypeNames);
        Assert.Equal("word", nested[0].Tokenization);
        Assert.Equal(["number"], nested[1].DataTypeNames);
        Assert.Equal(["date"], nested[2].NestedProperties!.Single().DataTypeNames);
        Assert.Equal(["text[]"], nested[3].DataTypeNames);
    }

    [Fact]
    public void Object_arrays_merge_keys_of_all_elements()
    {
        var p = Single("[{\"a\":1},{\"b\":\"x\",\"a\":2}]");
        Assert.Equal(["a", "b"], p.NestedProperties!.Select(n => n.Name));
    }

    [Theory]
    [InlineData("[{\"beacon\":\"weaviate://localhost/Publication/" + PubId + "\"}]", new[] { "Publication" })]
    [InlineData("[{\"beacon\":\"weaviate://localhost/publication/" + PubId + "\",\"href\":\"/v1/objects/x\"}]", new[] { "Publication" })]
    [InlineData("[{\"beacon\":\"weaviate://localhost/" + PersonId + "\"}]", new[] { "Person" })]
    [InlineData("[{\"beacon\":\"weaviate://localhost/" + PersonId + "\"},{\"beacon\":\"weaviate://localhost/Publication/" + PubId + "\"}]", new[] { "Person", "Publication" })]
    [InlineData("[{\"beacon\":\"weaviate://localhost/" + SharedId + "\"}]", new[] { "Person", "Publication" })]
    public void Beacons_infer_a_cross_reference(string value, string[] classes)
    {
        var p = Single(value);
        Assert.Equal(classes, p.DataTypeNames);
        Assert.True(p.DataType.IsReference);
        Assert.Null(p.Tokenization);
        Assert.False(p.IndexSearchable);
    }

    [Theory]
    [InlineData("[\"a\",1]", "element [1]: mismatched data type - 'text' expected, got 'number'")]
    [InlineData("[1,\"a\"]", "element [1]: mismatched data type - 'number' expected, got 'text'")]
    [InlineData("[true,null,2]", "element [2]: mismatched data type - 'boolean' expected, got 'number'")]
    [InlineData("[\"2020-01-01T00:00:00Z\",false]", "element [1]: mismatched data type - 'date' expected, got 'boolean'")]
    [InlineData("[{\"a\":1},\"x\"]", "element [1]: mismatched data type - 'object' expected, got 'text'")]
    [InlineData("[{\"beacon\":\"weaviate://localhost/Publication/" + PubId + "\"},{\"a\":1}]", "element [1]: mismatched data type - 'cref' expected, got 'object'")]
    [InlineData("[[1]]", "element [0]: nested arrays are not supported")]
    [InlineData("[{\"beacon\":\"weaviate://localhost/00000000-0000-4000-8000-000000000000\"}]", "element [0]: cannot infer the reference's class: no object with id 00000000-0000-4000-8000-000000000000 found")]
    public void Mixed_or_unusable_arrays_fail(string value, string error)
    {
        var r = Infer($"{{\"p\": {value}}}");
        Assert.Equal(error, r.Error);
        Assert.Empty(r.NewProperties);
    }

    [Fact]
    public void Only_missing_properties_are_returned_with_lower_case_names()
    {
        var r = Infer("{\"Title\":5,\"WordCount\":120,\"wordCount\":1,\"Tags\":[\"a\"]}", cls: Article);
        Assert.Null(r.Error);
        // `title` and `tags` exist and are not retyped; the two spellings of wordCount yield one property.
        var added = Assert.Single(r.NewProperties);
        Assert.Equal("wordCount", added.Name);
        Assert.Equal(["number"], added.DataTypeNames);
    }

    [Fact]
    public void A_new_class_gets_every_property_in_input_order()
    {
        var r = Infer("{\"b\":1,\"A\":\"x\"}");
        Assert.Equal(["b", "a"], r.NewProperties.Select(p => p.Name));
    }

    [Fact]
    public void Null_or_empty_input_adds_nothing()
    {
        Assert.Empty(AutoSchemaInference.InferMissing(null, null, Defaults, TestSchema.Refs()).NewProperties);
        Assert.Empty(Infer("{}").NewProperties);
    }

    [Fact]
    public void Generated_properties_are_described_with_a_go_style_date() =>
        Assert.Equal("This property was generated by Weaviate's auto-schema feature on Thu May  2 09:04:05 2024",
            Single("1").Description);

    [Fact]
    public void New_class_has_upper_case_name_and_generated_description()
    {
        var cls = AutoSchemaInference.NewClass("article", new DateTimeOffset(2006, 1, 12, 15, 4, 5, TimeSpan.Zero));
        Assert.Equal("Article", cls.Name);
        Assert.Equal("This property was generated by Weaviate's auto-schema feature on Thu Jan 12 15:04:05 2006", cls.Description);
        Assert.Empty(cls.Properties);
        Assert.Equal("none", cls.Vectorizer);
    }

    [Fact]
    public void Inferred_properties_accept_the_value_they_came_from()
    {
        const string json = "{\"title\":\"t\",\"when\":\"2020-01-01T00:00:00+01:00\",\"n\":5,\"geo\":{\"latitude\":1,\"longitude\":2}," +
            "\"phone\":{\"input\":\"+31201234567\"},\"meta\":{\"k\":[1,2]},\"list\":[{\"x\":true}],\"ref\":[{\"beacon\":\"weaviate://localhost/" + PubId + "\"}]}";
        var inferred = Infer(json);
        Assert.Null(inferred.Error);
        var cls = AutoSchemaInference.NewClass("Thing", Now).WithProperties(inferred.NewProperties);
        var r = Barge.Core.Objects.Validation.PropertyValidator.Normalize(cls, JsonNode.Parse(json)!.AsObject(), TestSchema.Refs());
        Assert.Null(r.Error);
    }
}
