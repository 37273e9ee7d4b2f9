using Google.Protobuf;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.BatchService;
using Barge.Server.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using Grpc.Core;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Grpc;

/// <summary>BatchObjects over gRPC: every data type the npm client sends arrives as REST would store it.</summary>
public sealed class GrpcBatchObjectsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""{"class":"Author","properties":[{"name":"name","dataType":["text"]}]}""");
        await _server.CreateClassAsync("""
            {"class":"Book","properties":[
              {"name":"title","dataType":["text"]},{"name":"tags","dataType":["text[]"]},
              {"name":"pages","dataType":["int"]},{"name":"counts","dataType":["int[]"]},
              {"name":"price","dataType":["number"]},{"name":"scores","dataType":["number[]"]},
              {"name":"inPrint","dataType":["boolean"]},{"name":"flags","dataType":["boolean[]"]},
              {"name":"published","dataType":["date"]},{"name":"editions","dataType":["date[]"]},
              {"name":"isbn","dataType":["uuid"]},{"name":"related","dataType":["uuid[]"]},
              {"name":"where","dataType":["geoCoordinates"]},{"name":"phone","dataType":["phoneNumber"]},
              {"name":"cover","dataType":["blob"]},
              {"name":"meta","dataType":["object"],"nestedProperties":[{"name":"lang","dataType":["text"]},{"name":"year","dataType":["int"]},
                {"name":"ratios","dataType":["number[]"]}]},
              {"name":"reviews","dataType":["object[]"],"nestedProperties":[{"name":"by","dataType":["text"]},{"name":"stars","dataType":["int"]}]},
              {"name":"notes","dataType":["text[]"]},
              {"name":"writtenBy","dataType":["Author"]}]}
            """);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_data_type_is_stored_as_sent_and_reads_back_over_rest()
    {
        var author = await _client.BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects = { Object("Author", Id(1), Struct(("name", Value.ForString("Ada")))) },
        });
        Assert.Empty(author.Errors);

        var book = Object("Book", Id(2), Struct(
            ("title", Value.ForString("Notes")), ("pages", Value.ForNumber(120)), ("price", Value.ForNumber(9.5)),
            ("inPrint", Value.ForBool(true)), ("published", Value.ForString("2024-01-02T03:04:05Z")),
            ("isbn", Value.ForString(Id(99))), ("cover", Value.ForString("aGVsbG8=")),
            ("where", Value.ForStruct(Struct(("latitude", Value.ForNumber(52.5)), ("longitude", Value.ForNumber(4.25))))),
            ("phone", Value.ForStruct(Struct(("input", Value.ForString("020 1234567")), ("defaultCountry", Value.ForString("nl")))))));
        var p = book.Properties;
        p.TextArrayProperties.Add(new TextArrayProperties { PropName = "tags", Values = { "a", "b" } });
        p.TextArrayProperties.Add(new TextArrayProperties { PropName = "editions", Values = { "2020-01-01T00:00:00Z" } });
        p.TextArrayProperties.Add(new TextArrayProperties { PropName = "related", Values = { Id(97), Id(98) } });
        p.IntArrayProperties.Add(new IntArrayProperties { PropName = "counts", Values = { 1, 2, 3 } });
        p.NumberArrayProperties.Add(new NumberArrayProperties { PropName = "scores", ValuesBytes = Float64(0.5, 1.25) });
        p.BooleanArrayProperties.Add(new BooleanArrayProperties { PropName = "flags", Values = { true, false } });
        p.ObjectProperties.Add(new ObjectProperties
        {
            PropName = "meta",
            Value = new ObjectPropertiesValue
            {
                NonRefProperties = Struct(("lang", Value.ForString("en")), ("year", Value.ForNumber(1999))).ToByteString(),
                NumberArrayProperties = { new NumberArrayProperties { PropName = "ratios", ValuesBytes = Float64(0.1) } },
            },
        });
        p.ObjectArrayProperties.Add(new ObjectArrayProperties
        {
            PropName = "reviews",
            Values =
            {
                new ObjectPropertiesValue { NonRefProperties = Struct(("by", Value.ForString("x")), ("stars", Value.ForNumber(5))).ToByteString() },
                new ObjectPropertiesValue { NonRefProperties = Struct(("by", Value.ForString("y")), ("stars", Value.ForNumber(3))).ToByteString() },
            },
        });
        p.EmptyListProps.Add("notes");
        p.SingleTargetRefProps.Add(new BatchObject.Types.SingleTargetRefProps { PropName = "writtenBy", Uuids = { Id(1) } });
        book.VectorBytes = Float32(0.25f, -1f, 3f);

        var reply = await _client.BatchObjectsAsync(new BatchObjectsRequest { Objects = { book } });
        Assert.Empty(reply.Errors);
        Assert.True(reply.Took >= 0);

        var stored = await _server.GetAsync($"/v1/objects/Book/{Id(2)}?include=vector");
        Assert.Equal(200, stored.Status);
        var props = stored.Json["properties"]!;
        Assert.Equal("Notes", (string)props["title"]!);
        Assert.Equal(120, (long)props["pages"]!);
        Assert.Equal(9.5, (double)props["price"]!);
        Assert.True((bool)props["inPrint"]!);
        Assert.Equal("2024-01-02T03:04:05Z", (string)props["published"]!);
        Assert.Equal(Id(99), (string)props["isbn"]!);
        Assert.Equal("aGVsbG8=", (string)props["cover"]!);
        Assert.Equal(52.5, (double)props["where"]!["latitude"]!, 3);
        Assert.Equal(4.25, (double)props["where"]!["longitude"]!, 3);
        Assert.Equal("020 1234567", (string)props["phone"]!["input"]!);
        Assert.Equal(31, (int)props["phone"]!["countryCode"]!);
        Assert.Equal(["a", "b"], props["tags"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["2020-01-01T00:00:00Z"], props["editions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal([Id(97), Id(98)], props["related"]!.AsArray().Select(v => (string)v!));
        Assert.Equal([1L, 2L, 3L], props["counts"]!.AsArray().Select(v => (long)v!));
        Assert.Equal([0.5, 1.25], props["scores"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([true, false], props["flags"]!.AsArray().Select(v => (bool)v!));
        Assert.Equal("en", (string)props["meta"]!["lang"]!);
        Assert.Equal(1999, (long)props["meta"]!["year"]!);
        Assert.Equal([0.1], props["meta"]!["ratios"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(["x", "y"], props["reviews"]!.AsArray().Select(r => (string)r!["by"]!));
        Assert.Equal([5L, 3L], props["reviews"]!.AsArray().Select(r => (long)r!["stars"]!));
        Assert.Empty(props["notes"]!.AsArray());
        Assert.Equal($"weaviate://localhost/Author/{Id(1)}", (string)props["writtenBy"]![0]!["beacon"]!);
        Assert.Equal([0.25, -1.0, 3.0], stored.Json["vector"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public async Task Bad_objects_fail_by_index_and_their_neighbours_are_stored_and_journaled()
    {
        var request = new BatchObjectsRequest
        {
            Objects =
            {
                Object("Book", Id(10), Struct(("title", Value.ForString("ok")))),
                Object("Book", Id(11), Struct(("pages", Value.ForString("many")))),
                Object("Book", "not-a-uuid", Struct(("title", Value.ForString("bad id")))),
                Object("Book", Id(13), Struct(("title", Value.ForString("also ok")))),
            },
        };
        var headers = new Metadata { { "x-batch-id", "grpc-load-1" }, { "x-batch-name", "GRPC_LOADER" }, { "x-batch-source", "tests" } };
        var reply = await _client.BatchObjectsAsync(request, headers);

        Assert.Equal([1, 2], reply.Errors.Select(e => e.Index));
        Assert.Contains("pages", reply.Errors[0].Error, StringComparison.Ordinal);
        Assert.Contains("not-a-uuid", reply.Errors[1].Error, StringComparison.Ordinal);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Book/{Id(10)}")).Status);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Book/{Id(13)}")).Status);
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Book/{Id(11)}")).Status);

        var summary = await _server.SummaryAsync("grpc-load-1");
        Assert.Equal("weaviate.grpc.batch.objects", (string)summary["service"]!);
        Assert.Equal("GRPC_LOADER", (string)summary["name"]!);
        Assert.Equal("tests", (string)summary["source"]!);
        Assert.Equal("anonymous", (string)summary["user"]!);
        Assert.Equal("partial", (string)summary["status"]!);
        Assert.Equal([Id(10), Id(13)], JournalTestKit.Ids(summary, "Book").Order());
    }

    [Fact]
    public async Task Unreadable_vectors_numbers_and_nesting_fail_their_object_and_the_neighbours_keep_their_own_data()
    {
        static BatchObject Good(int n)
        {
            var o = Object("Book", Id(n), Struct(("title", Value.ForString($"good {n}")), ("pages", Value.ForNumber(n))));
            o.VectorBytes = Float32(n, n + 0.5f);
            return o;
        }
        var badVector = Object("Book", Id(21), Struct(("title", Value.ForString("bad vector"))));
        badVector.VectorBytes = ByteString.CopyFrom(1, 2, 3, 4, 5);
        var badNumbers = Object("Book", Id(23), Struct(("title", Value.ForString("bad numbers"))));
        badNumbers.Properties.NumberArrayProperties.Add(new NumberArrayProperties { PropName = "scores", ValuesBytes = ByteString.CopyFrom(new byte[7]) });
        var notANumber = Object("Book", Id(25), Struct(("title", Value.ForString("NaN in the vector"))));
        notANumber.VectorBytes = Float32(1f, float.NaN);

        var reply = await _client.BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects = { Good(20), badVector, Good(22), badNumbers, Good(24), notANumber, Good(26) },
        });

        Assert.Equal([1, 3, 5], reply.Errors.Select(e => e.Index));
        Assert.Contains("vector_bytes", reply.Errors[0].Error, StringComparison.Ordinal);
        Assert.Contains("scores", reply.Errors[1].Error, StringComparison.Ordinal);
        Assert.Equal("vector element [1] must be a finite number, but got NaN", reply.Errors[2].Error);
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Book/{Id(25)}")).Status);
        foreach (var n in new[] { 20, 22, 24, 26 })
        {
            var stored = (await _server.GetAsync($"/v1/objects/Book/{Id(n)}?include=vector")).Json;
            Assert.Equal($"good {n}", (string)stored["properties"]!["title"]!);
            Assert.Equal(n, (int)stored["properties"]!["pages"]!);
            Assert.Equal([n, n + 0.5f], stored["vector"]!.AsArray().Select(v => (float)v!));
        }
    }

    [Fact]
    public async Task Properties_nested_deeper_than_the_json_depth_limit_fail_their_object_only()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxJsonDepth = 10 });
        await server.CreateClassAsync("""{"class":"Note","properties":[{"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]}]}""");
        var client = new WeaviateClient(server.GrpcChannel());
        var deep = Value.ForString("bottom");
        for (var i = 0; i < 20; i++) deep = Value.ForStruct(Struct(("inner", deep)));

        var reply = await client.BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects = { Object("Note", Id(1), Struct(("title", Value.ForString("deep")), ("extra", deep))), Object("Note", Id(2), Struct(("n", Value.ForNumber(2)))) },
        });

        Assert.Equal([0], reply.Errors.Select(e => e.Index));
        Assert.Contains("deeper than 10", reply.Errors[0].Error, StringComparison.Ordinal);
        Assert.Equal(2, (int)(await server.GetAsync($"/v1/objects/Note/{Id(2)}")).Json["properties"]!["n"]!);
    }

    [Fact]
    public async Task An_unknown_collection_without_auto_schema_fails_its_objects_not_the_call()
    {
        await using var server = await TestServer.StartAsync(o => o with { AutoSchemaEnabled = false });
        using var channel = server.GrpcChannel();
        var reply = await new WeaviateClient(channel).BatchObjectsAsync(new BatchObjectsRequest
        {
            Objects = { Object("Nowhere", Id(1), Struct(("x", Value.ForString("y")))) },
        });
        Assert.Equal(0, Assert.Single(reply.Errors).Index);
        Assert.Contains("Nowhere", reply.Errors[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_message_is_resource_exhausted_not_internal()
    {
        await using var server = await TestServer.StartAsync(o => o with { GrpcMaxMessageBytes = 64 * 1024 });
        using var channel = server.GrpcChannel();
        var big = Object("Book", Id(1), Struct(("title", Value.ForString(new string('x', 200 * 1024)))));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new WeaviateClient(channel).BatchObjectsAsync(new BatchObjectsRequest { Objects = { big } }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(404, (await server.GetAsync($"/v1/objects/Book/{Id(1)}")).Status);
    }

    [Fact]
    public async Task A_message_protobuf_cannot_read_is_invalid_argument_and_writes_nothing()
    {
        // The envelope itself is broken: a length that runs past the end.
        byte[] garbage = [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01];
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "weaviate.v1.Weaviate", "BatchObjects",
            Marshallers.Create((byte[] b) => b, b => b), Marshallers.Create((byte[] b) => b, b => b));
        var ex = await Assert.ThrowsAsync<RpcException>(() => _channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), garbage).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("BatchObjectsRequest message cannot be read", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_whose_own_bytes_cannot_be_read_fails_alone()
    {
        // Nested objects past protobuf's recursion limit: Barge reads the objects itself, so the depth limit fails
        // that object alone, as for a Struct (GrpcStructPropertiesTests).
        var deep = new ObjectPropertiesValue();
        for (var i = 0; i < 200; i++) deep = new ObjectPropertiesValue { ObjectProperties = { new ObjectProperties { PropName = "inner", Value = deep } } };
        var tooDeep = Object("Book", Id(30), Struct(("title", Value.ForString("deep"))));
        tooDeep.Properties.ObjectProperties.Add(new ObjectProperties { PropName = "meta", Value = deep });
        var good = Object("Book", Id(31), Struct(("title", Value.ForString("fine"))));
        // A truncated object: its bytes end inside its uuid. Written by hand into an envelope that is itself well formed.
        var truncated = Object("Book", Id(32), Struct(("title", Value.ForString("cut")))).ToByteArray()[..5];
        var envelope = new BatchObjectsRequest { Objects = { tooDeep, good } }.ToByteArray()
            .Concat(new byte[] { 0x0a, (byte)truncated.Length }).Concat(truncated).ToArray();
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "weaviate.v1.Weaviate", "BatchObjects",
            Marshallers.Create((byte[] b) => b, b => b), Marshallers.Create((byte[] b) => b, b => b));

        var reply = BatchObjectsReply.Parser.ParseFrom(await _channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), envelope).ResponseAsync);

        Assert.Equal([0, 2], reply.Errors.Select(e => e.Index));
        Assert.Equal($"properties nest deeper than {_server.Options.MaxJsonDepth} levels (BARGE_MAX_JSON_DEPTH)", reply.Errors[0].Error);
        Assert.Equal("the bytes are not a valid weaviate.v1.BatchObject (a truncated or malformed field)", reply.Errors[1].Error);
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Book/{Id(30)}")).Status);
        Assert.Equal(200, (await _server.GetAsync($"/v1/objects/Book/{Id(31)}")).Status);
        Assert.Equal(404, (await _server.GetAsync($"/v1/objects/Book/{Id(32)}")).Status);
    }

    [Fact]
    public async Task Protobufs_reading_rules_hold_for_forms_the_npm_client_does_not_send()
    {
        // Unpacked repeated numbers and booleans, the deprecated float vector unpacked, and the properties message sent
        // twice (protobuf merges it): any conforming client may send these, so they are read as protobuf reads them.
        var first = Message(w =>
        {
            w.WriteTag(6, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(t => { t.WriteTag(1, WireFormat.WireType.LengthDelimited); t.WriteString("a"); t.WriteTag(1, WireFormat.WireType.LengthDelimited); t.WriteString("b"); t.WriteTag(2, WireFormat.WireType.LengthDelimited); t.WriteString("tags"); }));
        });
        var second = Message(w =>
        {
            w.WriteTag(5, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(t => { foreach (var v in new long[] { 1, 2, -3 }) { t.WriteTag(1, WireFormat.WireType.Varint); t.WriteInt64(v); } t.WriteTag(2, WireFormat.WireType.LengthDelimited); t.WriteString("counts"); }));
            w.WriteTag(7, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(Message(t => { foreach (var v in new[] { true, false }) { t.WriteTag(1, WireFormat.WireType.Varint); t.WriteBool(v); } t.WriteTag(2, WireFormat.WireType.LengthDelimited); t.WriteString("flags"); }));
        });
        var batchObject = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteString(Id(40));
            w.WriteTag(4, WireFormat.WireType.LengthDelimited); w.WriteString("Merged");
            w.WriteTag(3, WireFormat.WireType.LengthDelimited); w.WriteBytes(first);
            foreach (var f in new[] { 0.5f, -1f, 2f }) { w.WriteTag(2, WireFormat.WireType.Fixed32); w.WriteFloat(f); }
            w.WriteTag(3, WireFormat.WireType.LengthDelimited); w.WriteBytes(second);
        });
        var request = Message(w => { w.WriteTag(1, WireFormat.WireType.LengthDelimited); w.WriteBytes(batchObject); });
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "weaviate.v1.Weaviate", "BatchObjects",
            Marshallers.Create((byte[] b) => b, b => b), Marshallers.Create((byte[] b) => b, b => b));

        var reply = BatchObjectsReply.Parser.ParseFrom(await _channel.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(), request.ToByteArray()).ResponseAsync);

        Assert.Empty(reply.Errors);
        var stored = await _server.GetAsync($"/v1/objects/Merged/{Id(40)}?include=vector");
        Assert.Equal(200, stored.Status);
        var props = stored.Json["properties"]!;
        Assert.Equal(["a", "b"], props["tags"]!.AsArray().Select(v => (string)v!));
        Assert.Equal([1.0, 2.0, -3.0], props["counts"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([true, false], props["flags"]!.AsArray().Select(v => (bool)v!));
        Assert.Equal([0.5, -1.0, 2.0], stored.Json["vector"]!.AsArray().Select(v => (double)v!));

        static ByteString Message(Action<CodedOutputStream> write)
        {
            using var bytes = new MemoryStream();
            var output = new CodedOutputStream(bytes);
            write(output);
            output.Flush();
            return ByteString.CopyFrom(bytes.ToArray());
        }
    }

    [Fact]
    public async Task Meta_publishes_the_grpc_message_limit()
    {
        var meta = await _server.GetAsync("/v1/meta");
        Assert.Equal(_server.Options.GrpcMaxMessageBytes, (int)meta.Json["grpcMaxMessageSize"]!);
    }

    [Fact]
    public async Task Rest_routes_are_not_served_on_the_grpc_port_nor_grpc_methods_on_the_rest_port()
    {
        using var h2c = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = new Version(2, 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var onGrpcPort = await h2c.GetAsync(new Uri($"http://{_server.Server.GrpcAddress}/v1/objects"));
        Assert.Equal(404, (int)onGrpcPort.StatusCode);
        var onRestPort = await _server.Client.PostAsync("/weaviate.v1.Weaviate/BatchObjects", new ByteArrayContent([0, 0, 0, 0, 0]));
        Assert.NotEqual(200, (int)onRestPort.StatusCode);
    }
}
