using System.Globalization;
using System.Reflection;

namespace Barge.Storage.Relational;

/// <summary>
/// A store's numbered migration scripts, embedded as <c>{prefix}NNNN_name.sql</c> resources: each with its version,
/// in order. How a store records which versions it applied differs (SQLite's user_version, a PostgreSQL table).
/// </summary>
public static class MigrationScripts
{
    public static IEnumerable<(int Version, string Sql)> In(Assembly assembly, string prefix)
    {
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var version = int.Parse(name.AsSpan(prefix.Length, 4), CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (version, reader.ReadToEnd());
        }
    }
}
