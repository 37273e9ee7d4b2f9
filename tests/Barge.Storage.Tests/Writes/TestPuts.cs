using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Storage.Tests.Writes;

/// <summary>Put commands as the server builds them: the object with the index entries its class gives its properties.</summary>
public static class TestPuts
{
    /// <summary>A put of <paramref name="propertiesJson"/>, created and last updated at <paramref name="time"/>.</summary>
    public static PutObject Put(ClassDefinition cls, string id, string propertiesJson, PutMode mode = PutMode.Upsert, float[]? vector = null, long time = 1000)
    {
        var o = new StoredObject
        {
            Class = cls.Name, Id = id, Properties = JsonNode.Parse(propertiesJson)!.AsObject(), Vector = vector,
            CreationTimeUnix = time, LastUpdateTimeUnix = time,
        };
        return new PutObject(o, IndexEntries.For(cls, o.Properties), mode);
    }
}
