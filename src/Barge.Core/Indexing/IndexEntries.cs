using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Core.Objects;

namespace Barge.Core.Indexing;

/// <summary>
/// An object's inverted-index entries (see <see cref="IndexEntry"/> and <see cref="IndexKeys"/> for the
/// conventions): the entries half of <see cref="ObjectIndex"/>, which holds the rule, for callers that need no
/// keyword fields.
/// </summary>
public static class IndexEntries
{
    public static IReadOnlyList<IndexEntry> For(ClassDefinition cls, JsonObject normalizedProperties) =>
        ObjectIndex.Of(cls, normalizedProperties, IndexKinds.Entries).Entries;

    /// <summary>
    /// The entries of a stored object. Its properties are read only when the class indexes anything, from the bytes
    /// validation wrote when the object holds them.
    /// </summary>
    public static IReadOnlyList<IndexEntry> For(ClassDefinition cls, StoredObject o) =>
        ObjectIndex.Of(cls, o, IndexKinds.Entries).Entries;
}
