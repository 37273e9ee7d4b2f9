using Barge.Core.Schema;

namespace Barge.Core.Tests.Schema;

/// <summary>
/// The persisted class form is read from every existing data folder and database: a row written before the v1 wire
/// form moved to the Weaviate dialect must read back, and be written again byte for byte.
/// </summary>
public class PersistedClassJsonTests
{
    /// <summary>A class row as the stores wrote it before the split (every member the form has).</summary>
    public const string RowOfToday =
        """{"class":"Article","description":"news","invertedIndexConfig":{"indexTimestamps":true},"moduleConfig":{"m":{}},"multiTenancyConfig":{"enabled":true},"properties":[{"dataType":["text"],"description":"the title","indexFilterable":true,"indexSearchable":true,"name":"title","tokenization":"word"},{"dataType":["object"],"indexFilterable":false,"indexSearchable":false,"moduleConfig":{"x":1},"name":"meta","nestedProperties":[{"dataType":["int"],"indexFilterable":true,"indexSearchable":false,"name":"n"}]}],"replicationConfig":{"factor":1},"shardingConfig":{"desiredCount":1},"vectorIndexConfig":{"distance":"cosine"},"vectorIndexType":"hnsw","vectorizer":"none","x-barge-kind":"things","x-barge-tenants":[{"name":"t1","activityStatus":"HOT"},{"name":"t2","activityStatus":"COLD"}]}""";

    [Fact]
    public void A_row_of_today_reads_back_with_every_member()
    {
        var c = PersistedClassJson.Deserialize(RowOfToday);

        Assert.Equal("Article", c.Name);
        Assert.Equal("news", c.Description);
        Assert.Equal("things", c.SemanticKind);
        Assert.Equal(["t1:HOT", "t2:COLD"], c.Tenants.Select(t => $"{t.Name}:{t.ActivityStatus}"));
        Assert.True(c.IndexTimestamps);
        Assert.True(c.MultiTenancyEnabled);
        Assert.Equal(["title", "meta"], c.Properties.Select(p => p.Name));
        Assert.Equal("word", c.Properties[0].Tokenization);
        Assert.False(c.Properties[1].IndexFilterable);
        Assert.Equal("n", Assert.Single(c.Properties[1].NestedProperties!).Name);
        Assert.Equal("cosine", (string?)c.VectorIndexConfig!["distance"]);
    }

    [Fact]
    public void A_row_of_today_is_written_again_byte_for_byte() =>
        Assert.Equal(RowOfToday, PersistedClassJson.Serialize(PersistedClassJson.Deserialize(RowOfToday)));

    [Fact]
    public void A_row_with_named_vectors_and_no_properties_keeps_its_empty_vectorizer()
    {
        const string row = """{"class":"Doc","properties":null,"vectorConfig":{"v":{"vectorIndexType":"hnsw"}}}""";
        var c = PersistedClassJson.Deserialize(row);

        Assert.Equal("", c.Vectorizer);
        Assert.Equal("", c.VectorIndexType);
        Assert.Empty(c.Properties);
        Assert.Equal(row, PersistedClassJson.Serialize(c));
    }
}
