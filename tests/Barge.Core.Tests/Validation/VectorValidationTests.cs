using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects.Validation;

namespace Barge.Core.Tests.Validation;

public class VectorValidationTests
{
    [Theory]
    [InlineData("[0.1,0.2,3]", new[] { 0.1f, 0.2f, 3f })]
    [InlineData("[-1e-3]", new[] { -0.001f })]
    public void Numeric_arrays_are_accepted(string json, float[] expected)
    {
        Assert.Null(PropertyValidator.ValidateVector(JsonDocument.Parse(json).RootElement, out var result));
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("[]")]
    public void Absent_or_empty_means_no_vector(string? json)
    {
        Assert.Null(PropertyValidator.ValidateVector(json is null ? null : JsonDocument.Parse(json).RootElement, out var result));
        Assert.Null(result);
    }

    [Theory]
    [InlineData("\"0.1,0.2\"", "vector must be an array of numbers, but got string")]
    [InlineData("{\"a\":[1]}", "vector must be an array of numbers, but got map[string]interface {}")]
    [InlineData("[0.1,\"x\"]", "vector element [1] must be a number, but got string 'x'")]
    [InlineData("[null]", "vector element [0] must be a number, but got <nil> '<nil>'")]
    [InlineData("[1e39]", "vector element [0] is out of the float32 range: 1e39")]
    public void Invalid_vectors(string json, string expected)
    {
        Assert.Equal(expected, PropertyValidator.ValidateVector(JsonDocument.Parse(json).RootElement, out var result).Text());
        Assert.Null(result);
    }
}
