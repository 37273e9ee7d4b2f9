using Barge.Core.Schema.AutoSchema;

namespace Barge.Core.Tests.Validation;

/// <summary>Auto-schema creates only properties the schema endpoint would accept: any other name fails the object.</summary>
public sealed class AutoSchemaNameTests
{
    [Theory]
    [InlineData("{\"\\u0000\": \"x\"}", "'\0' is not a valid property name.")]
    [InlineData("{\"a b\": 1}", "'a b' is not a valid property name.")]
    [InlineData("{\"ok\": 1, \"9lives\": 1}", "'9lives' is not a valid property name.")]
    public void A_name_the_schema_would_refuse_fails_the_object(string json, string expectedStart)
    {
        var result = AutoSchemaInference.InferMissing(null, System.Text.Json.JsonDocument.Parse(json).RootElement, new AutoSchemaOptions(), TestSchema.Refs());

        Assert.StartsWith(expectedStart, result.Error);
        Assert.Empty(result.NewProperties);
    }

    [Fact]
    public void Valid_names_are_still_added()
    {
        var result = AutoSchemaInference.InferMissing(null, System.Text.Json.JsonDocument.Parse("{\"_under\": 1, \"Title\": \"x\"}").RootElement, new AutoSchemaOptions(), TestSchema.Refs());

        Assert.Null(result.Error);
        Assert.Equal(["_under", "title"], result.NewProperties.Select(p => p.Name));
    }
}
