using Barge.Core.Objects;

namespace Barge.Core.Tests;

public class ArchitectureTests
{
    [Fact]
    public void Core_references_no_web_or_database_assembly()
    {
        var referenced = typeof(StoredObject).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.NotEmpty(referenced);
        Assert.DoesNotContain(referenced, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, n => n.Contains("Sqlite", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(referenced, n => n.StartsWith("Npgsql", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, n => n.StartsWith("Barge.", StringComparison.Ordinal));
    }
}
