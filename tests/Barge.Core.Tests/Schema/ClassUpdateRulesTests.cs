using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Tests.Schema;

public class ClassUpdateRulesTests
{
    private static readonly ClassDefinition Current = SchemaValidator.NewClass(new ClassInput
    {
        Class = "Article",
        Description = "old",
        Properties = [new() { Name = "title", DataType = ["text"], Description = "t" }],
    }, [], SchemaSettings.Default).Value!;

    private static SchemaCheck<ClassDefinition> Update(ClassInput input) =>
        ClassUpdateRules.Check(Current, input, [Current], SchemaSettings.Default);

    [Fact]
    public void Description_and_tunable_settings_change_the_rest_is_kept()
    {
        var c = Update(new ClassInput
        {
            Class = "Article",
            Description = "new",
            Properties = [new() { Name = "title", DataType = ["text"], Description = "t2" }],
            InvertedIndexConfig = new JsonObject { ["bm25"] = new JsonObject { ["k1"] = 2 } },
        }).Value!;
        Assert.Equal("new", c.Description);
        Assert.Equal("t2", c.Properties[0].Description);
        Assert.Equal(2, (int)c.InvertedIndexConfig!["bm25"]!["k1"]!);
        Assert.True(JsonNode.DeepEquals(Current.VectorIndexConfig, c.VectorIndexConfig));
    }

    [Fact]
    public void Omitted_properties_keep_the_current_ones() =>
        Assert.Single(Update(new ClassInput { Class = "Article" }).Value!.Properties);

    public static TheoryData<ClassInput, string> Invalid => new()
    {
        { new ClassInput { Class = "Other" }, "class name is immutable: attempted change from \"Article\" to \"Other\"" },
        { new ClassInput { Class = "Article", MultiTenancyConfig = new JsonObject { ["enabled"] = true } }, "enabling multi-tenancy for an existing class is not supported" },
        { new ClassInput { Class = "Article", Properties = [new() { Name = "title", DataType = ["int"] }] },
            "property fields other than description cannot be updated through updating the class. Use the add property feature (e.g. \"POST /v1/schema/{className}/properties\") to add additional properties" },
        { new ClassInput { Class = "Article", Properties = [new() { Name = "title", DataType = ["text"] }, new() { Name = "b", DataType = ["int"] }] },
            "property fields other than description cannot be updated through updating the class. Use the add property feature (e.g. \"POST /v1/schema/{className}/properties\") to add additional properties" },
        { new ClassInput { Class = "Article", Vectorizer = "text2vec-openai" }, "vectorizer is immutable: attempted change from \"none\" to \"text2vec-openai\"" },
        { new ClassInput { Class = "Article", VectorIndexType = "flat" }, "vector index type is immutable: attempted change from \"hnsw\" to \"flat\"" },
        { new ClassInput { Class = "Article", VectorIndexConfig = new JsonObject { ["distance"] = "dot" } }, "distance is immutable: attempted change from \"cosine\" to \"dot\"" },
        { new ClassInput { Class = "Article", InvertedIndexConfig = new JsonObject { ["indexNullState"] = true } }, "IndexNullState cannot be changed when updating a schema" },
        { new ClassInput { Class = "Article", VectorConfig = new JsonObject { ["v"] = new JsonObject() } }, "vector config is immutable" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Forbidden_changes_get_weaviates_message(ClassInput input, string message) =>
        Assert.Equal(message, Update(input).Error);
}
