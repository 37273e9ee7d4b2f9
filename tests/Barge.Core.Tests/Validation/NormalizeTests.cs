using System.Text.Json.Nodes;
using Barge.Core.Objects.Validation;
using static Barge.Core.Tests.Validation.TestSchema;

namespace Barge.Core.Tests.Validation;

public class NormalizeTests
{
    [Fact]
    public void Null_properties_become_an_empty_object()
    {
        var r = PropertyValidator.Normalize(Article, (JsonObject?)null, TestSchema.Refs());
        Assert.Null(r.Error);
        Assert.Equal("{}", Json(r.Properties));
    }

    [Fact]
    public void Keys_get_a_lower_case_first_letter_and_nulls_are_dropped()
    {
        var r = Run("{\"Title\":\"Alpha\",\"WordCount\":null,\"count\":null,\"Published\":\"2023-04-01T10:00:00+02:00\"}");
        Assert.Null(r.Error);
        Assert.Equal("{\"title\":\"Alpha\",\"published\":\"2023-04-01T10:00:00+02:00\"}", Json(r.Properties));
    }

    [Fact]
    public void The_spec_example_object_is_normalized()
    {
        var r = Run($"{{\"Title\":\"Alpha\",\"count\":120,\"published\":\"2023-04-01T10:00:00+02:00\",\"writesFor\":[{{\"beacon\":\"weaviate://localhost/{PubId}\"}}]}}");
        Assert.Equal(
            $"{{\"title\":\"Alpha\",\"count\":120,\"published\":\"2023-04-01T10:00:00+02:00\",\"writesFor\":[{{\"beacon\":\"weaviate://localhost/Publication/{PubId}\"}}]}}",
            Json(r.Properties));
    }

    [Theory]
    [InlineData("{\"nope\":1}", "nope")]
    [InlineData("{\"Nope\":1}", "nope")]
    [InlineData("{\"title\":\"ok\",\"wordCount\":5}", "wordCount")]
    public void Unknown_properties_are_rejected(string json, string name) =>
        Assert.Equal(
            $"no such prop with name '{name}' found in class 'Article' in the schema. Check your schema files for which properties in this class are available",
            Run(json).Error.Text());

    [Fact]
    public void Keys_read_in_place_name_their_property_escaped_or_not()
    {
        // Parsed, not rebuilt as a tree: the keys reach validation as sent, escapes included.
        using var doc = System.Text.Json.JsonDocument.Parse("{\"\\u0054itle\":\"Alpha\",\"c\\u006Funt\":3,\"Count\":4}");
        var r = PropertyValidator.Normalize(Article, doc.RootElement, TestSchema.Refs());
        Assert.Null(r.Error);
        Assert.Equal("{\"title\":\"Alpha\",\"count\":4}", Json(r.Properties));

        using var unknown = System.Text.Json.JsonDocument.Parse("{\"\\u004Eope\":1}");
        Assert.StartsWith("no such prop with name 'nope' found in class 'Article'",
            PropertyValidator.Normalize(Article, unknown.RootElement, TestSchema.Refs()).Error.Text());
    }

    [Theory]
    [InlineData(0)]  // a few properties: keys are compared with each name's UTF-8
    [InlineData(20)] // many: keys are looked up by name
    public void Keys_name_their_property_whatever_the_size_of_the_class(int fillers)
    {
        var cls = new Barge.Core.Schema.ClassDefinition
        {
            Name = "Room",
            Properties = [Prop("gr\u00f6\u00dfe", "int"), Prop("\u00e9tage", "int"), Prop("title", "text"), Prop("titles", "text[]"),
                .. Enumerable.Range(0, fillers).Select(i => Prop($"filler{i}", "int"))],
        };
        var r = PropertyValidator.Normalize(cls,
            JsonNode.Parse("{\"Gr\u00f6\u00dfe\":1,\"\u00e9tage\":2,\"Titles\":[\"a\"],\"title\":\"t\"}")!.AsObject(), TestSchema.Refs());
        Assert.Null(r.Error);
        // Stored keys as UTF-8, the way the writer stores texts.
        Assert.Equal("{\"gr\u00f6\u00dfe\":1,\"\u00e9tage\":2,\"titles\":[\"a\"],\"title\":\"t\"}", System.Text.Encoding.UTF8.GetString(r.Utf8!));

        foreach (var unknown in new[] { "Gr\u00f6\u00df", "titl", "titlesx", "T" })
            Assert.StartsWith($"no such prop with name '{Barge.Core.Schema.SchemaNames.PropertyNameFor(unknown)}' found in class 'Room'",
                PropertyValidator.Normalize(cls, new JsonObject { [unknown] = 1 }, TestSchema.Refs()).Error.Text());
    }

    [Fact]
    public void Threads_validating_against_a_fresh_class_at_once_all_write_its_property_names()
    {
        // A fresh class caches per-property data on first use; several threads using it at the same moment (batches
        // validated in parallel right after a start) must each see it whole. Probabilistic: the race is narrow, so it
        // is tried many times; it cannot pass wrongly, only miss a defect on a lucky run.
        const int threads = 4;
        using var start = new Barrier(threads);
        var wrong = 0;
        for (var round = 0; round < 5_000; round++)
        {
            var cls = new Barge.Core.Schema.ClassDefinition { Name = "Fresh", Properties = [Prop("title", "text"), Prop("n", "int")] };
            using var body = System.Text.Json.JsonDocument.Parse("{\"title\":\"t\",\"n\":1}");
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                var r = PropertyValidator.Normalize(cls, body.RootElement, TestSchema.Refs());
                if (System.Text.Encoding.UTF8.GetString(r.Utf8!) != "{\"title\":\"t\",\"n\":1}") Interlocked.Increment(ref wrong);
            })).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
        }
        Assert.Equal(0, wrong);
    }

    [Fact]
    public void The_first_failing_property_decides_the_error() =>
        Assert.Equal("invalid text property 'title' on class 'Article': not a string, but json.Number",
            Run("{\"title\":1,\"count\":\"x\"}").Error.Text());

    [Fact]
    public void Input_is_not_modified_and_output_is_independent()
    {
        var input = JsonNode.Parse("{\"Title\":\"a\",\"meta\":{\"name\":\"n\"}}")!.AsObject();
        var before = input.ToJsonString();
        var r = PropertyValidator.Normalize(Article, input, TestSchema.Refs());
        Assert.Equal(before, input.ToJsonString());
        // The output can be attached elsewhere: it shares no nodes with the input.
        _ = new JsonObject { ["properties"] = r.Properties };
    }

    [Fact]
    public void Normalized_output_passes_validation_again()
    {
        var first = Run("{\"phone\":{\"input\":\"+31 20 1234567\"},\"where\":{\"latitude\":1,\"longitude\":2},\"published\":\"2020-01-01T00:00:00+00:00\"}");
        var second = PropertyValidator.Normalize(Article, first.Properties, TestSchema.Refs());
        Assert.Null(second.Error);
    }

    [Fact]
    public void Two_keys_for_one_property_keep_the_first_position_and_the_last_value()
    {
        var r = Run("{\"Title\":\"first\",\"count\":1,\"title\":\"second\"}");
        Assert.Null(r.Error);
        Assert.Equal("{\"title\":\"second\",\"count\":1}", System.Text.Encoding.UTF8.GetString(r.Utf8!));
    }

    [Fact]
    public void Two_keys_for_one_property_report_the_first_bad_value_in_the_order_sent()
    {
        // The earlier value is replaced by the later one, but it was sent, so it is checked first (as before).
        Assert.Equal("invalid text property 'title' on class 'Article': not a string, but json.Number",
            Run("{\"Title\":1,\"count\":\"x\",\"title\":\"ok\"}").Error.Text());
        Assert.Equal("invalid integer property 'count' on class 'Article': requires an integer, the given value is 'x'",
            Run("{\"Title\":\"ok\",\"count\":\"x\",\"title\":1}").Error.Text());
    }

    [Fact]
    public void A_null_after_a_value_for_the_same_property_does_not_remove_it()
    {
        var r = Run("{\"title\":\"kept\",\"Title\":null}");
        Assert.Equal("{\"title\":\"kept\"}", System.Text.Encoding.UTF8.GetString(r.Utf8!));
    }

    [Fact]
    public void The_output_is_utf8_with_only_what_json_requires_escaped()
    {
        // Stored and answered as written: non-ASCII text as UTF-8, quotes and control characters escaped.
        var r = Run("{\"title\":\"caf\u00e9 \\u00e9 <b> \\\" \\n \u4e2d\"}");
        Assert.Null(r.Error);
        Assert.Equal("{\"title\":\"caf\u00e9 \u00e9 <b> \\\" \\n \u4e2d\"}", System.Text.Encoding.UTF8.GetString(r.Utf8!));
        Assert.Equal("caf\u00e9 \u00e9 <b> \" \n \u4e2d", (string)r.Properties!["title"]!);
    }
}
