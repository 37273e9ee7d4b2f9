using System.Text.Json.Nodes;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

namespace Barge.Server.Tests.Grpc;

/// <summary>
/// The same properties sent over REST's batch and over gRPC's <c>BatchObjects</c> (as the Struct a client builds from
/// the same JSON) end the same way: stored in the same normalized form, or refused with the same message. Guards the
/// gRPC mapping against drifting from the one validator, for every data type, null values, unknown properties and
/// values of the wrong type. Only values whose JSON a Struct carries unchanged are used: a Struct has one number type,
/// so literals such as <c>1.0</c> or <c>1e3</c>, which REST refuses for an int, arrive over gRPC as whole numbers.
/// </summary>
public sealed class GrpcRestParityTests : IAsyncLifetime
{
    private const string Class = "Parity";
    private const string Target = "00000000-0000-4000-8000-000000009999";
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""
            {"class":"Parity","properties":[
              {"name":"title","dataType":["text"]},{"name":"n","dataType":["int"]},{"name":"x","dataType":["number"]},
              {"name":"yes","dataType":["boolean"]},{"name":"at","dataType":["date"]},{"name":"ref","dataType":["uuid"]},
              {"name":"place","dataType":["geoCoordinates"]},{"name":"phone","dataType":["phoneNumber"]},
              {"name":"raw","dataType":["blob"]},
              {"name":"tags","dataType":["text[]"]},{"name":"ns","dataType":["int[]"]},{"name":"xs","dataType":["number[]"]},
              {"name":"flags","dataType":["boolean[]"]},{"name":"ats","dataType":["date[]"]},{"name":"refs","dataType":["uuid[]"]},
              {"name":"meta","dataType":["object"],"nestedProperties":[
                {"name":"lang","dataType":["text"]},{"name":"year","dataType":["int"]}]},
              {"name":"items","dataType":["object[]"],"nestedProperties":[{"name":"note","dataType":["text"]}]},
              {"name":"linked","dataType":["Parity"]}]}
            """);
        Assert.Equal(200, (await _server.ImportAsync(Obj(Class, Target, """{"title":"target"}"""))).Status);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string> Accepted() =>
    [
        """{"title":"Grüße \"q\" 日本","yes":false,"x":2.5,"n":-42}""",
        """{"n":9007199254740991}""",
        """{"x":1e300,"xs":[1,0.25,-3]}""",
        """{"at":"2024-01-02T03:04:05+02:00","ats":["2024-01-02T03:04:05Z"]}""",
        """{"ref":"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11","refs":["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]}""",
        """{"place":{"latitude":52.5,"longitude":13.4}}""",
        """{"phone":{"input":"020 1234567","defaultCountry":"nl"}}""",
        """{"raw":"aGVsbG8="}""",
        """{"tags":["a","b"],"ns":[1,2],"flags":[true,false]}""",
        """{"meta":{"lang":"de","year":1999},"items":[{"note":"one"},{"note":"two"}]}""",
        """{"title":null,"n":null,"meta":{"lang":null}}""",
        """{"Title":"upper-case first letter"}""",
        """{"linked":[{"beacon":"weaviate://localhost/Parity/00000000-0000-4000-8000-000000009999"}]}""",
        """{"linked":[{"beacon":"weaviate://localhost/00000000-0000-4000-8000-000000009999"}]}""",
        """{"tags":[],"meta":{}}""",
        // An unknown top-level property is added by auto-schema (on by default), over either transport.
        """{"nope":1}""",
    ];

    public static TheoryData<string> Refused() =>
    [
        """{"title":5}""",
        """{"n":"5"}""",
        """{"n":5.5}""",
        """{"x":"much"}""",
        """{"yes":"true"}""",
        """{"at":"yesterday"}""",
        """{"ref":"not-a-uuid"}""",
        """{"place":{"latitude":"north"}}""",
        """{"place":"here"}""",
        """{"phone":{"input":"not a number"}}""",
        """{"raw":"not base64!"}""",
        """{"tags":"a"}""",
        """{"ns":[1,"2"]}""",
        """{"xs":[true]}""",
        """{"flags":[1]}""",
        """{"ats":["never"]}""",
        """{"refs":["nope"]}""",
        """{"meta":"flat"}""",
        """{"meta":{"unknown":1}}""",
        """{"meta":{"year":"old"}}""",
        """{"items":[{"note":1}]}""",
        """{"title":"ok","nope":1,"n":"5"}""",
        """{"linked":"weaviate://localhost/x"}""",
        """{"linked":[{"beacon":"weaviate://localhost/Parity/00000000-0000-4000-8000-000000000404"}]}""",
        """{"linked":[{"href":"x"}]}""",
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Accepted_properties_are_stored_alike(string propertiesJson)
    {
        var (rest, grpc) = await SendBothAsync(propertiesJson, 1, 2);
        Assert.Null(rest);
        Assert.Null(grpc);
        var overRest = await _server.GetObjectAsync(Class, Id(1));
        var overGrpc = await _server.GetObjectAsync(Class, Id(2));
        Assert.Equal(overRest!["properties"]!.ToJsonString(), overGrpc!["properties"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refused_properties_get_the_same_message(string propertiesJson)
    {
        var (rest, grpc) = await SendBothAsync(propertiesJson, 3, 4);
        Assert.NotNull(rest);
        Assert.Equal(rest, grpc);
    }

    /// <summary>Sends the properties over both transports; each one's error message, or null when it was stored.</summary>
    private async Task<(string? OverRest, string? OverGrpc)> SendBothAsync(string propertiesJson, int restId, int grpcId)
    {
        var reply = await _server.ImportAsync(Obj(Class, Id(restId), propertiesJson));
        Assert.Equal(200, reply.Status);
        var item = reply.Json[0]!;
        var rest = item["result"]?["errors"] is null ? null : Error(item);

        var o = Object(Class, Id(grpcId), Google.Protobuf.WellKnownTypes.Struct.Parser.ParseJson(propertiesJson));
        var grpcReply = await _client.BatchObjectsAsync(new BatchObjectsRequest { Objects = { o } });
        return (rest, grpcReply.Errors.Count == 0 ? null : grpcReply.Errors[0].Error);
    }
}
