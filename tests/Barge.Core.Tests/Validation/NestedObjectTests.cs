using static Barge.Core.Tests.Validation.TestSchema;

namespace Barge.Core.Tests.Validation;

public class NestedObjectTests
{
    [Theory]
    [InlineData("{\"name\":\"n\",\"size\":3,\"inner\":{\"x\":1.5}}", "{\"name\":\"n\",\"size\":3,\"inner\":{\"x\":1.5}}")]
    [InlineData("{\"name\":null,\"size\":3}", "{\"size\":3}")]
    [InlineData("{}", "{}")]
    public void Objects_are_validated_recursively(string input, string expected) =>
        Assert.Equal(expected, Ok("meta", input));

    [Fact]
    public void Object_arrays_validate_every_element() =>
        Assert.Equal("[{\"a\":\"x\",\"b\":[1,2]},{\"a\":\"y\"}]", Ok("items", "[{\"a\":\"x\",\"b\":[1,2]},{\"a\":\"y\"}]"));

    [Theory]
    [InlineData("meta", "{\"x\":1}", "invalid object property 'meta' on class 'Article': unknown property 'meta.x'")]
    [InlineData("meta", "{\"Name\":\"n\"}", "invalid object property 'meta' on class 'Article': unknown property 'meta.Name'")]
    [InlineData("meta", "{\"inner\":{\"y\":1}}", "invalid object property 'meta' on class 'Article': property 'meta.inner': invalid object property 'meta.inner' on class 'Article': unknown property 'meta.inner.y'")]
    [InlineData("meta", "{\"size\":\"big\"}", "invalid object property 'meta' on class 'Article': property 'meta.size': invalid integer property 'meta.size' on class 'Article': requires an integer, the given value is 'big'")]
    [InlineData("meta", "\"text\"", "invalid object property 'meta' on class 'Article': object must be a map, but got: string")]
    [InlineData("meta", "[{\"name\":\"n\"}]", "invalid object property 'meta' on class 'Article': object must be a map, but got: []interface {}")]
    [InlineData("items", "{\"a\":\"x\"}", "invalid object[] property 'items' on class 'Article': not an object array, but map[string]interface {}")]
    [InlineData("items", "[{\"a\":\"x\"},{\"c\":1}]", "invalid object[] property 'items' on class 'Article': invalid object '1' in array: unknown property 'items.c'")]
    [InlineData("items", "[{\"b\":[1,\"2\"]}]", "invalid object[] property 'items' on class 'Article': invalid object '0' in array: property 'items.b': invalid integer array property 'items.b' on class 'Article': invalid integer array value: [1 2]")]
    public void Invalid_nested_values(string prop, string input, string expected) =>
        Assert.Equal(expected, Err(prop, input));
}
