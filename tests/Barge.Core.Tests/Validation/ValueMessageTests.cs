using System.Text.Json;
using Barge.Core.Objects.Validation;

namespace Barge.Core.Tests.Validation;

/// <summary>
/// A validation message keeps the values it shows as data, and the wording it is rendered with decides how they are
/// printed: Core's rules decide what a message says about a value, a dialect how the value reads.
/// </summary>
public class ValueMessageTests
{
    /// <summary>A wording of another dialect: the kind of view and the raw JSON, so that each hole is visible.</summary>
    private sealed class Tagged : IValueWording
    {
        public string Show(ShownValue value) => $"<{value.View}:{value.Value.GetRawText()}>";
    }

    [Fact]
    public void The_wording_given_prints_every_value_of_a_message_and_of_the_messages_it_wraps()
    {
        var property = PropertyValidator.Normalize(TestSchema.Article, JsonDocument.Parse("{\"tags\":[\"a\",true]}").RootElement, TestSchema.Refs());

        Assert.Equal("invalid text array property 'tags' on class 'Article': invalid text array value: <AsText:[\"a\",true]>",
            property.Error!.Render(new Tagged()));
        Assert.Equal("invalid text array property 'tags' on class 'Article': invalid text array value: [a %!s(bool=true)]",
            property.Error!.Render(Barge.Server.Weaviate.GoValueWording.Instance));
    }

    [Fact]
    public void A_vector_error_shows_its_value_through_the_wording()
    {
        var error = PropertyValidator.ValidateVector(JsonDocument.Parse("[1,{\"x\":2}]").RootElement, out _);

        Assert.Equal("vector element [1] must be a number, but got <TypeOf:{\"x\":2}> '<Plain:{\"x\":2}>'", error!.Render(new Tagged()));
    }
}
