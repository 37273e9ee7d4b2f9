using static Barge.Core.Tests.Validation.TestSchema;

namespace Barge.Core.Tests.Validation;

public class ArrayValidationTests
{
    [Theory]
    [InlineData("tags", "[\"a\",\"b\"]", "[\"a\",\"b\"]")]
    [InlineData("tags", "[]", "[]")]
    [InlineData("legacyList", "[\"a\"]", "[\"a\"]")]
    [InlineData("counts", "[1,-2,3]", "[1,-2,3]")]
    [InlineData("scores", "[1,2.5]", "[1,2.5]")]
    [InlineData("flags", "[true,false]", "[true,false]")]
    [InlineData("dates", "[\"2020-01-01T00:00:00+02:00\",\"2020-01-01T00:00:00.000Z\"]", "[\"2020-01-01T00:00:00+02:00\",\"2020-01-01T00:00:00Z\"]")]
    [InlineData("ids", "[\"6F1C3C0E-8A4E-4B8E-9A3C-0C5F1B2D7E11\"]", "[\"6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\"]")]
    public void Valid_arrays_are_normalized(string prop, string input, string expected) =>
        Assert.Equal(expected, Ok(prop, input));

    [Theory]
    [InlineData("tags", "\"a\"", "invalid text array property 'tags' on class 'Article': not a text array, but string")]
    [InlineData("tags", "[\"a\",1]", "invalid text array property 'tags' on class 'Article': invalid text array value: [a 1]")]
    [InlineData("tags", "[\"a\",true]", "invalid text array property 'tags' on class 'Article': invalid text array value: [a %!s(bool=true)]")]
    [InlineData("legacyList", "5", "invalid string array property 'legacyList' on class 'Article': not a string array, but json.Number")]
    [InlineData("counts", "{\"a\":1}", "invalid integer array property 'counts' on class 'Article': not an integer array, but map[string]interface {}")]
    [InlineData("counts", "[1,1.5]", "invalid integer array property 'counts' on class 'Article': invalid integer array value: [1 1.5]")]
    [InlineData("scores", "1.5", "invalid number array property 'scores' on class 'Article': not an integer array, but json.Number")]
    [InlineData("scores", "[1,\"x\"]", "invalid number array property 'scores' on class 'Article': invalid integer array value: [1 x]")]
    [InlineData("flags", "true", "invalid boolean array property 'flags' on class 'Article': not a boolean array, but bool")]
    [InlineData("flags", "[true,\"no\"]", "invalid boolean array property 'flags' on class 'Article': invalid boolean array value: [%!s(bool=true) no]")]
    [InlineData("dates", "\"2020-01-01T00:00:00Z\"", "invalid date array property 'dates' on class 'Article': not a date array, but string")]
    [InlineData("dates", "[\"yesterday\"]", "invalid date array property 'dates' on class 'Article': invalid date array value: [yesterday]")]
    [InlineData("ids", "[\"x\"]", "invalid uuid array property 'ids' on class 'Article': invalid uuid array value: [x]")]
    [InlineData("ids", "\"6f1c3c0e-8a4e-4b8e-9a3c-0c5f1b2d7e11\"", "invalid uuid array property 'ids' on class 'Article': not a uuid array, but string")]
    [InlineData("tags", "[\"a\",{\"k\":false}]", "invalid text array property 'tags' on class 'Article': invalid text array value: [a map[k:%!s(bool=false)]]")]
    public void Invalid_arrays_report_weaviate_messages(string prop, string input, string expected) =>
        Assert.Equal(expected, Err(prop, input));
}
