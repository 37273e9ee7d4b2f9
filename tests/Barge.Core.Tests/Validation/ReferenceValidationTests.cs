using static Barge.Core.Tests.Validation.TestSchema;

namespace Barge.Core.Tests.Validation;

public class ReferenceValidationTests
{
    private static string Refs(params string[] beacons) =>
        "[" + string.Join(",", beacons.Select(b => $"{{\"beacon\":\"{b}\"}}")) + "]";

    [Theory]
    // Long form is kept; the class-less form gets the single target class.
    [InlineData("writesFor", "weaviate://localhost/Publication/" + PubId, "weaviate://localhost/Publication/" + PubId)]
    [InlineData("writesFor", "weaviate://localhost/" + PubId, "weaviate://localhost/Publication/" + PubId)]
    // Ids are canonicalized; the class name gets its upper-case first letter.
    [InlineData("writesFor", "weaviate://localhost/publication/9B0F7D1E1C444D65A1D03F2B0A9C1E20", "weaviate://localhost/Publication/" + PubId)]
    // Several target classes: a class-less beacon is resolved by looking the id up among them.
    [InlineData("mentions", "weaviate://localhost/" + PersonId, "weaviate://localhost/Person/" + PersonId)]
    [InlineData("mentions", "weaviate://localhost/" + PubId, "weaviate://localhost/Publication/" + PubId)]
    // Ambiguous: the id exists in two target classes, so the beacon stays class-less.
    [InlineData("mentions", "weaviate://localhost/" + SharedId, "weaviate://localhost/" + SharedId)]
    public void Beacons_are_normalized(string prop, string beacon, string expected) =>
        Assert.Equal($"[{{\"beacon\":\"{expected}\"}}]", Ok(prop, Refs(beacon)));

    [Fact]
    public void Href_is_tolerated_and_dropped() =>
        Assert.Equal($"[{{\"beacon\":\"weaviate://localhost/Publication/{PubId}\"}}]",
            Ok("writesFor", $"[{{\"beacon\":\"weaviate://localhost/{PubId}\",\"href\":\"/v1/objects/{PubId}\"}}]"));

    [Fact]
    public void Empty_reference_list_is_allowed() => Assert.Equal("[]", Ok("writesFor", "[]"));

    [Fact]
    public void Several_references_keep_their_order() =>
        Assert.Equal(
            $"[{{\"beacon\":\"weaviate://localhost/Person/{PersonId}\"}},{{\"beacon\":\"weaviate://localhost/Publication/{PubId}\"}}]",
            Ok("mentions", Refs("weaviate://localhost/Person/" + PersonId, "weaviate://localhost/" + PubId)));

    private const string Missing = "00000000-0000-4000-8000-000000000000";

    [Theory]
    [InlineData("writesFor", "{\"beacon\":\"weaviate://localhost/" + PubId + "\"}",
        "invalid cref: reference must be an array, but got a map: map[string]interface {}{\"beacon\":\"weaviate://localhost/" + PubId + "\"}")]
    [InlineData("writesFor", "\"weaviate://localhost/" + PubId + "\"",
        "invalid cref: invalid ref type. Needs to be []map, got string")]
    [InlineData("writesFor", "[\"weaviate://localhost/" + PubId + "\"]",
        "invalid cref: multiple references in Article.writesFor should be a list of maps, but we got: string")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://localhost/" + PubId + "\",\"class\":\"X\"}]",
        "invalid cref: only direct references supported at the moment, concept references not supported yet: class 'Article' with property 'writesFor' requires exactly 1 arguments: 'beacon'. Check your input schema, got: map[string]interface {}{\"beacon\":\"weaviate://localhost/" + PubId + "\", \"class\":\"X\"}")]
    [InlineData("writesFor", "[{}]",
        "invalid cref: only direct references supported at the moment, concept references not supported yet: class 'Article' with property 'writesFor' requires exactly 1 arguments: 'beacon'. Check your input schema, got: map[string]interface {}{}")]
    [InlineData("writesFor", "[{\"href\":\"/v1/objects/x\",\"link\":\"y\"}]",
        "invalid cref: only direct references supported at the moment, concept references not supported yet:  class 'Article' with property 'writesFor' requires exactly 1 argument: 'beacon' is missing, check your input schema")]
    [InlineData("writesFor", "[{\"beacon\":42}]",
        "invalid cref: invalid reference: beacon must be a string, but got json.Number")]
    [InlineData("writesFor", "[{\"beacon\":\"http://localhost/" + PubId + "\"}]",
        "invalid cref: invalid reference: invalid cref URI: must start with 'weaviate://', but got 'http://localhost/" + PubId + "'")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://peer/Publication/" + PubId + "\"}]",
        "invalid cref: unrecognized cross-ref ref format")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://localhost/A/B/" + PubId + "\"}]",
        "invalid cref: invalid reference: invalid cref URI: path must be of format '/<className>/<uuid>' or '/<uuid>', but got '/A/B/" + PubId + "'")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://localhost/Publication/123\"}]",
        "invalid cref: invalid reference: invalid cref URI: last path segment must be a uuid, but got '123'")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://localhost/Person/" + PersonId + "\"}]",
        "invalid cref: 'cref' Article:writesFor: class 'Person' is not a target of this reference property, expected one of [Publication]")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://localhost/Publication/" + Missing + "\"}]",
        "invalid cref: 'cref' Article:writesFor: no object with id " + Missing + " found")]
    [InlineData("writesFor", "[{\"beacon\":\"weaviate://localhost/" + Missing + "\"}]",
        "invalid cref: 'cref' Article:writesFor: no object with id " + Missing + " found")]
    [InlineData("mentions", "[{\"beacon\":\"weaviate://localhost/" + Missing + "\"}]",
        "invalid cref: 'cref' Article:mentions: no object with id " + Missing + " found")]
    public void Invalid_references(string prop, string input, string expected) =>
        Assert.Equal(expected, Err(prop, input));

    [Fact]
    public void Targets_need_not_exist_when_the_check_is_off()
    {
        var r = Run($"{{\"writesFor\":[{{\"beacon\":\"weaviate://localhost/{Missing}\"}}]}}", checkTargets: false);
        Assert.Null(r.Error);
        Assert.Equal($"weaviate://localhost/Publication/{Missing}", r.Properties!["writesFor"]![0]!["beacon"]!.GetValue<string>());
    }

    [Fact]
    public void Wrong_target_class_is_rejected_even_without_the_existence_check()
    {
        var r = Run($"{{\"writesFor\":[{{\"beacon\":\"weaviate://localhost/Person/{PersonId}\"}}]}}", checkTargets: false);
        Assert.NotNull(r.Error);
    }

    [Fact]
    public void Nested_properties_cannot_be_references()
    {
        var cls = new Barge.Core.Schema.ClassDefinition
        {
            Name = "C",
            Properties = [Prop("o", "object", new Barge.Core.Schema.PropertyDefinition { Name = "r", DataTypeNames = ["Publication"] })],
        };
        var r = Barge.Core.Objects.Validation.PropertyValidator.Normalize(cls,
            System.Text.Json.Nodes.JsonNode.Parse($"{{\"o\":{{\"r\":[{{\"beacon\":\"weaviate://localhost/{PubId}\"}}]}}}}")!.AsObject(),
            TestSchema.Refs());
        Assert.Equal("invalid object property 'o' on class 'C': property 'o.r': unrecognized data type 'Publication'", r.Error.Text());
    }
}
