using Barge.Server.Tests.Support;

namespace Barge.Server.Tests.Hat;

/// <summary>HAT's duplicate-content rejection: off by default; when on, duplicates are reported per record.</summary>
public sealed class HatDuplicateTests
{
    [Fact]
    public async Task Identical_data_is_accepted_by_default()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(201, (await server.PostAsync("/api/v2.6/data/app/a", """{"x":1,"y":2}""")).Status);
        Assert.Equal(201, (await server.PostAsync("/api/v2.6/data/app/a", """{"x":1,"y":2}""")).Status);
    }

    [Fact]
    public async Task When_on_duplicates_across_endpoints_and_key_order_are_reported_per_record()
    {
        await using var server = await TestServer.StartAsync(o => o with { HatRejectDuplicates = true });
        var first = await server.PostAsync("/api/v2.6/data/app/a", """{"x":1,"y":2}""");
        var existing = (string)first.Json["recordId"]!;
        var reply = await server.PostAsync("/api/v2.6/data-batch",
            """[{"endpoint":"app/b","data":{"fresh":true}},{"endpoint":"other/c","data":{"y":2,"x":1}},{"endpoint":"app/b","data":{"fresh":true}}]""");
        Assert.Equal(400, reply.Status);
        Assert.Equal("Could not insert data - Duplicate data", (string)reply.Json["cause"]!);
        var errors = reply.Json["errors"]!.AsArray();
        Assert.Equal([1, 2], errors.Select(e => (int)e!["index"]!));
        Assert.Equal(existing, (string)errors[0]!["recordId"]!);
        Assert.Equal("[]", (await server.GetAsync("/api/v2.6/data/app/b")).Body);

        var skipping = await server.PostAsync("/api/v2.6/data/app/b?skipErrors=true", """[{"fresh":true},{"x":1,"y":2}]""");
        Assert.Equal(201, skipping.Status);
        Assert.Single(skipping.Json.AsArray());
    }
}
