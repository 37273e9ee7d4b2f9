using Barge.Core.Objects;

namespace Barge.Core.Tests;

/// <summary>
/// Core is the domain: it may not know ADO.NET, a database driver, ASP.NET, gRPC or protobuf, nor any other Barge
/// project (the relational engine, the stores and the server depend on Core, never the other way).
/// </summary>
public class ArchitectureTests
{
    private static readonly List<string> Referenced =
        typeof(StoredObject).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

    [Fact]
    public void Core_references_assemblies_at_all() => Assert.NotEmpty(Referenced);

    [Theory]
    [InlineData("System.Data")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Grpc")]
    [InlineData("Google.Protobuf")]
    [InlineData("Barge.")]
    public void Core_references_no_assembly_named(string prefix) =>
        Assert.DoesNotContain(Referenced, n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Core_references_no_sqlite_assembly_of_any_name() =>
        Assert.DoesNotContain(Referenced, n => n.Contains("Sqlite", StringComparison.OrdinalIgnoreCase));
}
