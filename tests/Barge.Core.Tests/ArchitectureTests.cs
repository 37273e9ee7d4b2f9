using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Barge.Core.Objects;

namespace Barge.Core.Tests;

/// <summary>
/// Core is the domain: it may not know ADO.NET, a database driver, ASP.NET, gRPC, protobuf or GraphQL, nor any other
/// Barge project (the relational engine, the stores and the server depend on Core, never the other way), and it holds
/// no dialect's wire form (those live with their dialect in Barge.Server, the stores' commands in Storage.Relational).
/// </summary>
public class ArchitectureTests
{
    private static readonly System.Reflection.Assembly Core = typeof(StoredObject).Assembly;

    private static readonly List<string> Referenced = Core.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

    /// <summary>The namespace of every type Core's code names from another assembly (read from its metadata).</summary>
    private static readonly List<string> ReferencedNamespaces = ReadReferencedNamespaces();

    private static List<string> ReadReferencedNamespaces()
    {
        using var pe = new PEReader(File.OpenRead(Core.Location));
        var md = pe.GetMetadataReader();
        return md.TypeReferences.Select(h => md.GetString(md.GetTypeReference(h).Namespace)).Where(n => n.Length > 0).Distinct().ToList();
    }

    [Fact]
    public void Core_references_assemblies_and_namespaces_at_all()
    {
        Assert.NotEmpty(Referenced);
        Assert.Contains("System.Text.Json.Nodes", ReferencedNamespaces);
    }

    [Theory]
    [InlineData("System.Data")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Grpc")]
    [InlineData("Google.Protobuf")]
    [InlineData("GraphQL")]
    [InlineData("Barge.")]
    public void Core_references_no_assembly_named(string prefix) =>
        Assert.DoesNotContain(Referenced, n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The same bans by namespace, which also catches a type of a banned namespace that sits in an allowed assembly
    /// (a facade or a forwarded type).
    /// </summary>
    [Theory]
    [InlineData("System.Data")]
    [InlineData("Microsoft.Data")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Grpc")]
    [InlineData("Google.Protobuf")]
    [InlineData("GraphQL")]
    [InlineData("Barge.Server")]
    [InlineData("Barge.Storage")]
    public void Core_uses_no_type_of_namespace(string prefix) =>
        Assert.DoesNotContain(ReferencedNamespaces, n => n == prefix || n.StartsWith(prefix + ".", StringComparison.Ordinal));

    [Fact]
    public void Core_references_no_sqlite_assembly_of_any_name() =>
        Assert.DoesNotContain(Referenced, n => n.Contains("Sqlite", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Wire forms and storage commands that moved out of Core: Weaviate's where JSON and class bodies (Server/Weaviate)
    /// and HAT's link commands (Storage.Relational). None may come back under the same name.
    /// </summary>
    [Theory]
    [InlineData("WhereFilterParser")]
    [InlineData("WhereFilterJson")]
    [InlineData("FilterParseResult")]
    [InlineData("SchemaJson")]
    [InlineData("ClassWire")]
    [InlineData("LinkRecords")]
    [InlineData("UnlinkRecords")]
    [InlineData("GoFormat")]
    [InlineData("GoValueWording")]
    public void Core_defines_no_type_named(string name) =>
        Assert.DoesNotContain(Core.GetTypes(), t => t.Name == name);

    /// <summary>
    /// How a validation message prints a value is a dialect's wording: Core declares the port (IValueWording) and
    /// implements none, so that no dialect's way of printing values can come back into Core under another name.
    /// </summary>
    [Fact]
    public void Core_implements_no_value_wording() =>
        Assert.DoesNotContain(Core.GetTypes(), t => t.IsClass && typeof(Barge.Core.Objects.Validation.IValueWording).IsAssignableFrom(t));

    /// <summary>
    /// A failure Core shows its callers is typed (<see cref="Barge.Core.Errors.BargeException"/>, with a kind), so that
    /// dialects choose their answer from the kind and never from the message.
    /// </summary>
    [Fact]
    public void Every_public_exception_of_core_is_a_typed_error() =>
        Assert.Empty(Core.GetTypes().Where(t => t.IsPublic && typeof(Exception).IsAssignableFrom(t)
            && !typeof(Barge.Core.Errors.BargeException).IsAssignableFrom(t)).Select(t => t.FullName));
}
