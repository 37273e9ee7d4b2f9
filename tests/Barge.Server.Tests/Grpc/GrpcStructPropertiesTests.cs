using System.Text;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Grpc;

/// <summary>
/// <c>non_ref_properties</c>, the <c>google.protobuf.Struct</c> every client sends, as Barge reads it from its bytes:
/// every kind of value arrives as REST would store it, protobuf's rules for the bytes hold (unknown fields skipped,
/// the last oneof member and the last value of a repeated key win), and bytes protobuf would refuse, or nesting past
/// the limit, fail their own object, never the call and never a neighbour.
/// </summary>
public sealed class GrpcStructPropertiesTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 12 });
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""
            {"class":"Kinds","properties":[
              {"name":"title","dataType":["text"]},{"name":"tags","dataType":["text[]"]},
              {"name":"n","dataType":["int"]},{"name":"x","dataType":["number"]},{"name":"big","dataType":["number"]},
              {"name":"yes","dataType":["boolean"]},{"name":"no","dataType":["boolean"]},{"name":"gone","dataType":["text"]},
              {"name":"scores","dataType":["number[]"]},{"name":"flags","dataType":["boolean[]"]},
              {"name":"meta","dataType":["object"],"nestedProperties":[
                {"name":"lang","dataType":["text"]},{"name":"year","dataType":["int"]},{"name":"words","dataType":["text[]"]},
                {"name":"inner","dataType":["object"],"nestedProperties":[{"name":"deep","dataType":["text"]}]}]},
              {"name":"open","dataType":["object"],"nestedProperties":[{"name":"note","dataType":["text"]}]}]}
            """);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_kind_of_struct_value_is_stored_as_rest_would_store_it()
    {
        var title = "Grüße, \"quoted\"\n\ttabbed \\ 日本 🚢";
        var meta = Struct(("lang", Value.ForString("de")), ("year", Value.ForNumber(1999)),
            ("words", Value.ForList(Value.ForString("a"), Value.ForString("ü"))),
            ("inner", Value.ForStruct(Struct(("deep", Value.ForString("bottom"))))));
        var o = Object("Kinds", Id(1), Struct(
            ("title", Value.ForString(title)), ("tags", Value.ForList(Value.ForString("x"), Value.ForString("y"))),
            ("n", Value.ForNumber(-42)), ("x", Value.ForNumber(2.5)), ("big", Value.ForNumber(1e300)),
            ("yes", Value.ForBool(true)), ("no", Value.ForBool(false)), ("gone", Value.ForNull()),
            ("scores", Value.ForList(Value.ForNumber(1), Value.ForNumber(0.25))), ("flags", Value.ForList(Value.ForBool(false))),
            ("meta", Value.ForStruct(meta)), ("open", Value.ForStruct(new Struct()))));

        var reply = await _client.BatchObjectsAsync(new BatchObjectsRequest { Objects = { o } });

        Assert.Empty(reply.Errors);
        var props = (await _server.GetAsync($"/v1/objects/Kinds/{Id(1)}")).Json["properties"]!;
        Assert.Equal(title, (string)props["title"]!);
        Assert.Equal(["x", "y"], props["tags"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(-42, (long)props["n"]!);
        Assert.Equal(2.5, (double)props["x"]!);
        Assert.Equal(1e300, (double)props["big"]!);
        Assert.True((bool)props["yes"]!);
        Assert.False((bool)props["no"]!);
        Assert.Null(props["gone"]);
        Assert.Equal([1.0, 0.25], props["scores"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([false], props["flags"]!.AsArray().Select(v => (bool)v!));
        Assert.Equal("de", (string)props["meta"]!["lang"]!);
        Assert.Equal(1999, (long)props["meta"]!["year"]!);
        Assert.Equal(["a", "ü"], props["meta"]!["words"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("bottom", (string)props["meta"]!["inner"]!["deep"]!);
        Assert.Empty(props["open"]!.AsObject());
    }

    [Fact]
    public async Task A_whole_number_fits_an_int_property_and_a_fraction_or_a_non_finite_number_does_not()
    {
        var reply = await _client.BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects =
            {
                Object("Kinds", Id(10), Struct(("n", Value.ForNumber(7)))),
                Object("Kinds", Id(11), Struct(("n", Value.ForNumber(7.5)))),
                Object("Kinds", Id(12), Struct(("x", Value.ForNumber(double.NaN)))),
                Object("Kinds", Id(13), Struct(("x", Value.ForNumber(double.PositiveInfinity)))),
                Object("Kinds", Id(14), Struct(("x", Value.ForNumber(-0.5)))),
            },
        });

        Assert.Equal([1, 2, 3], reply.Errors.Select(e => e.Index));
        Assert.Contains("'n'", reply.Errors[0].Error, StringComparison.Ordinal);
        Assert.Contains("'x'", reply.Errors[1].Error, StringComparison.Ordinal);
        Assert.Contains("'x'", reply.Errors[2].Error, StringComparison.Ordinal);
        Assert.Equal(7, (long)(await _server.GetAsync($"/v1/objects/Kinds/{Id(10)}")).Json["properties"]!["n"]!);
        Assert.Equal(-0.5, (double)(await _server.GetAsync($"/v1/objects/Kinds/{Id(14)}")).Json["properties"]!["x"]!);
    }

    [Fact]
    public async Task Protobufs_rules_for_the_bytes_hold_unknown_fields_skipped_last_oneof_member_and_last_value_of_a_key_win()
    {
        // Bytes no Google.Protobuf message builds: what a different protobuf library may legally send.
        var withUnknownFields = Concat(
            Entry("title", Concat(Value.ForString("known").ToByteArray(), Unknown())),
            Unknown());
        var lastOneofWins = Entry("n", Concat(Value.ForString("text first").ToByteArray(), Value.ForNumber(5).ToByteArray()));
        var keyTwice = Concat(Entry("title", Value.ForString("first").ToByteArray()), Entry("x", Value.ForNumber(1).ToByteArray()),
            Entry("title", Value.ForString("last").ToByteArray()));
        var nestedKeyTwice = Entry("meta", Field(5, Concat(Entry("lang", Value.ForString("en").ToByteArray()), Entry("lang", Value.ForString("fr").ToByteArray()))));
        var entryWithoutValue = Concat(Entry("title", Value.ForString("t").ToByteArray()), Field(1, Field(1, "gone"u8.ToArray())));

        var reply = await _client.BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects =
            {
                Raw(Id(20), withUnknownFields), Raw(Id(21), lastOneofWins), Raw(Id(22), keyTwice), Raw(Id(23), nestedKeyTwice),
                Raw(Id(24), entryWithoutValue),
            },
        });

        Assert.Empty(reply.Errors);
        Assert.Equal("known", (string)(await Props(20))["title"]!);
        Assert.Equal(5, (long)(await Props(21))["n"]!);
        var twice = await Props(22);
        Assert.Equal("last", (string)twice["title"]!);
        Assert.Equal(["title", "x"], twice.AsObject().Select(p => p.Key));
        Assert.Equal("fr", (string)(await Props(23))["meta"]!["lang"]!);
        var withoutValue = await Props(24);
        Assert.Equal("t", (string)withoutValue["title"]!);
        Assert.Null(withoutValue["gone"]);
    }

    [Fact]
    public async Task Nesting_past_the_depth_limit_fails_its_object_alone_however_deep_it_goes()
    {
        // 200 levels is past protobuf's own recursion limit: the Struct's bytes are read by Barge, not protobuf.
        var deepStruct = Value.ForString("bottom");
        for (var i = 0; i < 200; i++) deepStruct = Value.ForStruct(Struct(("inner", deepStruct)));
        var deepList = Value.ForString("bottom");
        for (var i = 0; i < 20; i++) deepList = Value.ForList(deepList);
        var deepInObject = Object("Kinds", Id(33), Struct(("title", Value.ForString("deep in a nested object"))));
        deepInObject.Properties.ObjectProperties.Add(new ObjectProperties
        {
            PropName = "open",
            Value = new ObjectPropertiesValue { NonRefProperties = Bytes(Struct(("note", deepStruct))) },
        });

        var reply = await _client.BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects =
            {
                Object("Kinds", Id(30), Struct(("title", Value.ForString("ok 30")))),
                Object("Kinds", Id(31), Struct(("title", Value.ForString("deep")), ("meta", deepStruct))),
                Object("Kinds", Id(32), Struct(("tags", deepList))),
                deepInObject,
                Object("Kinds", Id(34), Struct(("title", Value.ForString("ok 34")))),
            },
        });

        Assert.Equal([1, 2, 3], reply.Errors.Select(e => e.Index));
        Assert.All(reply.Errors, e => Assert.Equal("properties nest deeper than 12 levels (BARGE_MAX_JSON_DEPTH)", e.Error));
        foreach (var n in new[] { 31, 32, 33 }) Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Kinds/{Id(n)}")).Status);
        Assert.Equal("ok 30", (string)(await Props(30))["title"]!);
        Assert.Equal("ok 34", (string)(await Props(34))["title"]!);
    }

    [Fact]
    public async Task Struct_bytes_protobuf_would_refuse_fail_their_object_with_the_reason_and_the_neighbours_are_stored()
    {
        var good = Value.ForString("fine").ToByteArray();
        var full = Entry("title", good);
        var cases = new (string Name, byte[] Bytes, string Expected)[]
        {
            ("truncated", full[..^2], "non_ref_properties: the bytes are not a valid google.protobuf.Struct"),
            ("length past the end", [0x0a, 0x7f, 0x0a, 0x01], "non_ref_properties: the bytes are not a valid google.protobuf.Struct"),
            ("field number 0", [0x02, 0x00], "non_ref_properties: the bytes are not a valid google.protobuf.Struct"),
            ("an entry cut short", Field(1, [0x0a, 0x05, 0x61]), "non_ref_properties: the bytes are not a valid google.protobuf.Struct"),
            ("a value cut short", Entry("title", [0x11, 0x00, 0x00]), "non_ref_properties member 'title': the bytes are not a valid google.protobuf.Value"),
            ("a list cut short", Entry("tags", Field(6, [0x0a, 0x09, 0x1a])), "non_ref_properties member 'tags': the bytes are not a valid google.protobuf.ListValue"),
            ("text not UTF-8", Entry("title", Field(3, [0x61, 0xff, 0xfe])), "non_ref_properties member 'title': string_value is not valid UTF-8"),
            ("a name not UTF-8", Field(1, Concat(Field(1, [0xc3, 0x28]), Field(2, good))), "non_ref_properties: a member name is not valid UTF-8"),
            ("a list item not UTF-8", Entry("tags", Field(6, Field(1, Field(3, [0xed, 0xa0, 0x80])))), "non_ref_properties member 'tags': string_value is not valid UTF-8"),
        };
        var request = new BatchObjectsRequest();
        request.Objects.Add(Object("Kinds", Id(40), Struct(("title", Value.ForString("first")))));
        for (var i = 0; i < cases.Length; i++)
        {
            request.Objects.Add(Raw(Id(41 + (2 * i)), cases[i].Bytes));
            request.Objects.Add(Object("Kinds", Id(42 + (2 * i)), Struct(("title", Value.ForString($"neighbour {i}")))));
        }
        var nested = Object("Kinds", Id(90), Struct(("title", Value.ForString("bad nested struct"))));
        nested.Properties.ObjectProperties.Add(new ObjectProperties
        {
            PropName = "open",
            Value = new ObjectPropertiesValue { NonRefProperties = ByteString.CopyFrom(Entry("note", Field(3, [0xff]))) },
        });
        request.Objects.Add(nested);
        request.Objects.Add(Object("Kinds", Id(91), Struct(("title", Value.ForString("last")))));

        var reply = await _client.BatchObjectsAsync(request);

        var expected = Enumerable.Range(0, cases.Length).Select(i => 1 + (2 * i)).Append(request.Objects.Count - 2);
        Assert.Equal(expected, reply.Errors.Select(e => e.Index));
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(reply.Errors[i].Error.StartsWith(cases[i].Expected, StringComparison.Ordinal), $"{cases[i].Name}: {reply.Errors[i].Error}");
            Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Kinds/{Id(41 + (2 * i))}")).Status);
            Assert.Equal($"neighbour {i}", (string)(await Props(42 + (2 * i)))["title"]!);
        }
        Assert.Equal("non_ref_properties member 'note': string_value is not valid UTF-8", reply.Errors[^1].Error);
        Assert.Equal("first", (string)(await Props(40))["title"]!);
        Assert.Equal("last", (string)(await Props(91))["title"]!);
    }

    [Fact]
    public async Task Malformed_struct_bytes_sent_over_batch_stream_fail_their_object_not_the_stream()
    {
        using var call = _client.BatchStream();
        await call.RequestStream.WriteAsync(new BatchStreamRequest { Start = new BatchStreamRequest.Types.Start() });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(BatchStreamReply.MessageOneofCase.Started, call.ResponseStream.Current.MessageCase);
        var objects = new BatchStreamRequest.Types.Data.Types.Objects
        {
            Values = { Raw(Id(60), [0x0a, 0x7f]), Object("Kinds", Id(61), Struct(("title", Value.ForString("streamed")))) },
        };
        await call.RequestStream.WriteAsync(new BatchStreamRequest { Data = new BatchStreamRequest.Types.Data { Objects = objects } });
        await call.RequestStream.WriteAsync(new BatchStreamRequest { Stop = new BatchStreamRequest.Types.Stop() });
        await call.RequestStream.CompleteAsync();

        var errors = new Dictionary<string, string>();
        var successes = new List<string>();
        // The server ends the call once everything is answered.
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)))
            if (call.ResponseStream.Current.Results is { } results)
            {
                foreach (var e in results.Errors) errors[e.Uuid] = e.Error_;
                successes.AddRange(results.Successes.Select(s => s.Uuid));
            }

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.StartsWith("non_ref_properties: the bytes are not a valid google.protobuf.Struct", Assert.Single(errors, e => e.Key == Id(60)).Value, StringComparison.Ordinal);
        Assert.Single(errors);
        Assert.Equal([Id(61)], successes);
        Assert.Equal("streamed", (string)(await Props(61))["title"]!);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> Props(int n)
    {
        var reply = await _server.GetAsync($"/v1/objects/Kinds/{Id(n)}");
        Assert.Equal(200, reply.Status);
        return reply.Json["properties"]!;
    }

    private static BatchObject Raw(string id, byte[] structBytes) => new()
    {
        Collection = "Kinds",
        Uuid = id,
        Properties = new BatchObject.Types.Properties { NonRefProperties = ByteString.CopyFrom(structBytes) },
    };

    /// <summary>A Struct map entry: key (1) and Value (2).</summary>
    private static byte[] Entry(string key, byte[] value) => Field(1, Concat(Field(1, Encoding.UTF8.GetBytes(key)), Field(2, value)));

    /// <summary>A length-delimited field.</summary>
    private static byte[] Field(int number, byte[] payload) => Concat(Varint((ulong)((number << 3) | 2)), Varint((ulong)payload.Length), payload);

    /// <summary>Fields no message here declares: a varint (15), a fixed32 (16), a fixed64 (17) and bytes (18).</summary>
    private static byte[] Unknown() =>
        Concat(Varint((15 << 3) | 0), Varint(300), Varint((16 << 3) | 5), [1, 2, 3, 4], Varint((17 << 3) | 1), [1, 2, 3, 4, 5, 6, 7, 8], Field(18, [9, 9]));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
