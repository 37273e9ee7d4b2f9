using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Tests.Schema;

public class SchemaValidatorTests
{
    private static readonly ClassDefinition Existing = SchemaDefaults.NewClass("Article", SchemaSettings.Default);

    private static SchemaCheck<ClassDefinition> New(ClassInput input, params ClassDefinition[] existing) =>
        SchemaValidator.NewClass(input, existing, SchemaSettings.Default);

    [Fact]
    public void A_minimal_class_gets_every_default()
    {
        var c = New(new ClassInput { Class = "article" }).Value!;
        Assert.Equal("Article", c.Name);
        Assert.Equal("none", c.Vectorizer);
        Assert.Equal("hnsw", c.VectorIndexType);
        Assert.Equal("cosine", (string)c.VectorIndexConfig!["distance"]!);
        Assert.Equal(60, (int)c.InvertedIndexConfig!["cleanupIntervalSeconds"]!);
        Assert.False(c.MultiTenancyEnabled);
        Assert.Equal(1, (int)c.ReplicationConfig!["factor"]!);
        Assert.Equal("murmur3", (string)c.ShardingConfig!["function"]!);
        Assert.Empty(c.Properties);
    }

    [Fact]
    public void Given_settings_are_kept_and_the_rest_defaulted()
    {
        var c = New(new ClassInput
        {
            Class = "A",
            VectorIndexConfig = new JsonObject { ["distance"] = "dot", ["pq"] = new JsonObject { ["enabled"] = true } },
            InvertedIndexConfig = new JsonObject { ["bm25"] = new JsonObject { ["k1"] = 1.5 }, ["indexTimestamps"] = true, ["indexNullState"] = false },
        }).Value!;
        Assert.Equal("dot", (string)c.VectorIndexConfig!["distance"]!);
        Assert.True((bool)c.VectorIndexConfig["pq"]!["enabled"]!);
        Assert.Equal(256, (int)c.VectorIndexConfig["pq"]!["centroids"]!);
        Assert.Equal(1.5, (double)c.InvertedIndexConfig!["bm25"]!["k1"]!);
        Assert.Equal(0.75, (double)c.InvertedIndexConfig["bm25"]!["b"]!);
        Assert.True(c.IndexTimestamps);
        Assert.Null(c.InvertedIndexConfig["indexNullState"]);
    }

    [Fact]
    public void Named_vectors_get_index_defaults_and_no_class_level_vectorizer()
    {
        var c = New(new ClassInput { Class = "A", VectorConfig = new JsonObject { ["title"] = new JsonObject { ["vectorIndexType"] = "flat" } } }).Value!;
        Assert.Equal("", c.Vectorizer);
        Assert.Null(c.VectorIndexConfig);
        var title = c.VectorConfig!["title"]!;
        Assert.Equal("flat", (string)title["vectorIndexType"]!);
        Assert.NotNull(title["vectorizer"]!["none"]);
        Assert.Equal("cosine", (string)title["vectorIndexConfig"]!["distance"]!);
    }

    public static TheoryData<ClassInput, string> Invalid => new()
    {
        { new ClassInput { Class = "my-class" }, "'My-class' is not a valid class name" },
        { new ClassInput { Class = "" }, "'' is not a valid class name" },
        { new ClassInput { Class = "Article" }, "class name Article already exists" },
        { new ClassInput { Class = "ARTICLE" }, "class already exists: found similar class \"Article\"" },
        { new ClassInput { Class = "B", Properties = [new() { Name = "a", DataType = ["text"] }, new() { Name = "A", DataType = ["int"] }] },
            "class \"B\": conflict for property \"a\": already in use or provided multiple times" },
        { new ClassInput { Class = "B", VectorIndexType = "ivf" }, "unrecognized or unsupported vectorIndexType \"ivf\"" },
        { new ClassInput { Class = "B", Vectorizer = "none", VectorConfig = new JsonObject { ["v"] = new JsonObject() } },
            "class.vectorizer \"none\" can not be set if class.vectorConfig is configured" },
        { new ClassInput { Class = "B", VectorIndexType = "hnsw", VectorConfig = new JsonObject { ["v"] = new JsonObject() } },
            "class.vectorIndexType \"hnsw\" can not be set if class.vectorConfig is configured" },
        { new ClassInput { Class = "B", InvertedIndexConfig = new JsonObject { ["bm25"] = new JsonObject { ["b"] = 2 } } }, "BM25.b must be <= 0 and <= 1" },
        { new ClassInput { Class = "B", InvertedIndexConfig = new JsonObject { ["stopwords"] = new JsonObject { ["preset"] = "de" } } }, "stopwordPreset 'de' does not exist" },
        { new ClassInput { Class = "B", ReplicationConfig = new JsonObject { ["factor"] = 3 } }, "could not find enough weaviate nodes for replication: 1 available, 3 requested" },
        { new ClassInput { Class = "B", MultiTenancyConfig = new JsonObject { ["autoTenantCreation"] = true } }, "can't enable autoTenantCreation on a non-multi-tenant class" },
        { new ClassInput { Class = "B", MultiTenancyConfig = new JsonObject { ["enabled"] = true }, ShardingConfig = new JsonObject() }, "cannot have both shardingConfig and multiTenancyConfig" },
        { new ClassInput { Class = "B", ShardingConfig = new JsonObject { ["key"] = "name" } }, "sharding only supported on key '_id' for now, got: name" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_classes_get_weaviates_message(ClassInput input, string message) =>
        Assert.Equal(message, New(input, Existing).Error);

    [Fact]
    public void New_property_requires_name_and_data_type()
    {
        Assert.Equal("property must contain name", SchemaValidator.NewProperty(Existing, new PropertyInput { DataType = ["text"] }, [Existing], SchemaSettings.Default).Error);
        Assert.Equal("property must contain dataType", SchemaValidator.NewProperty(Existing, new PropertyInput { Name = "a" }, [Existing], SchemaSettings.Default).Error);
    }
}
