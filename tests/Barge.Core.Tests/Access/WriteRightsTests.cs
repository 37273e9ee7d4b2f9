using Barge.Core.Access;
using Barge.Core.Errors;
using Barge.Core.Hat;

namespace Barge.Core.Tests.Access;

public sealed class WriteRightsTests
{
    private static readonly WriteRights Rights = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["alice"] = ["a", "my-ns"],
        ["root"] = ["*"],
        ["*"] = ["shared"],
    });

    [Theory]
    [InlineData("a/notes")]
    [InlineData("a/deep/er/path")]
    [InlineData("my-ns/notes")]
    [InlineData("my/ns-notes")]
    [InlineData("a-b/c//d")]
    [InlineData("x1/y-2/z")]
    public void The_namespace_of_every_endpoints_collection_is_traced_back(string endpoint) =>
        Assert.Equal(HatNames.NamespaceOf(endpoint), HatNames.NamespaceOfClass(HatNames.ClassFor(endpoint)));

    [Theory]
    [InlineData("Article")]
    [InlineData("Hat_")]
    [InlineData("Hat_Notes")]
    [InlineData("Hat_a__0123456789ab")]
    public void Names_no_endpoint_maps_to_have_no_namespace(string className) => Assert.Null(HatNames.NamespaceOfClass(className));

    [Fact]
    public void Users_write_only_the_collections_of_their_namespaces()
    {
        Assert.Null(Rights.Refusal("alice", HatNames.ClassFor("a/notes")));
        Assert.Null(Rights.Refusal("alice", HatNames.ClassFor("my-ns/notes")));
        // my/ns-notes and my-ns/notes both read my_ns_notes: the hash tells them apart.
        Assert.Contains("namespace 'my'", Rights.Refusal("alice", HatNames.ClassFor("my/ns-notes")), StringComparison.Ordinal);
        Assert.NotNull(Rights.Refusal("alice", HatNames.ClassFor("b/notes")));
        Assert.NotNull(Rights.Refusal("alice", "Hat_Unknown")); // a HAT-like name that cannot be traced is not granted
        Assert.Null(Rights.Refusal("alice", "Article"));         // not a HAT collection: not limited
        Assert.Null(Rights.Refusal("root", HatNames.ClassFor("b/notes")));
        Assert.Null(Rights.Refusal("someone", HatNames.ClassFor("shared/x"))); // the * entry covers users not named
        Assert.NotNull(Rights.Refusal("someone", HatNames.ClassFor("a/x")));
        Assert.Throws<ForbiddenException>(() => Rights.Demand("alice", HatNames.ClassFor("b/notes")));
    }

    [Fact]
    public void Without_grants_everyone_writes_everything() =>
        Assert.Null(new WriteRights(new Dictionary<string, IReadOnlyList<string>>()).Refusal("anyone", HatNames.ClassFor("b/notes")));
}
