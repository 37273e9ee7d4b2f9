using Google.Protobuf.Reflection;

namespace Barge.Server.Tests.Grpc;

/// <summary>
/// Barge's protos against the wire facts of the client they must serve: every field the npm weaviate-client 3.14
/// decodes (weaviate-client-wire-facts.txt, read from its generated code) exists in Barge's message of the same
/// full name, with the same number, the same JSON name and a wire type the client accepts.
/// </summary>
public sealed class GrpcWireFactsTests
{
    [Fact]
    public void Every_field_the_client_reads_has_barges_number_name_and_wire_type()
    {
        var messages = new Dictionary<string, MessageDescriptor>(StringComparer.Ordinal);
        foreach (var file in new[]
                 {
                     Barge.Server.Grpc.Protocol.BaseReflection.Descriptor, Barge.Server.Grpc.Protocol.BaseSearchReflection.Descriptor,
                     Barge.Server.Grpc.Protocol.BatchReflection.Descriptor, Barge.Server.Grpc.Protocol.BatchDeleteReflection.Descriptor,
                     Barge.Server.Grpc.Protocol.TenantsReflection.Descriptor, Barge.Server.Grpc.Protocol.PropertiesReflection.Descriptor,
                     Barge.Server.Grpc.Protocol.SearchGetReflection.Descriptor, Barge.Server.Grpc.Protocol.AggregateReflection.Descriptor,
                 })
            foreach (var m in file.MessageTypes) Add(m);

        var facts = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Grpc", "weaviate-client-wire-facts.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.True(facts.Count > 500, $"only {facts.Count} facts read");
        var problems = new List<string>();
        foreach (var line in facts)
        {
            var parts = line.Split(' ');
            var (message, number, name, wires) = (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3].Split('|'));
            if (!messages.TryGetValue(message, out var descriptor)) { problems.Add($"{message}: no such message"); continue; }
            var field = descriptor.FindFieldByNumber(number);
            if (field is null) { problems.Add($"{message} {number} {name}: no such field"); continue; }
            if (field.JsonName != name) problems.Add($"{message} {number}: named {field.JsonName}, the client says {name}");
            if (!wires.Contains(WireType(field).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                problems.Add($"{message} {number} {name}: wire type {WireType(field)}, the client accepts {parts[3]}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        void Add(MessageDescriptor m)
        {
            messages[m.FullName] = m;
            foreach (var nested in m.NestedTypes) Add(nested);
            foreach (var f in m.Fields.InFieldNumberOrder().Where(f => f.IsMap)) Add(f.MessageType);
        }
    }

    private static int WireType(FieldDescriptor f)
    {
        if (f.IsRepeated && f.IsPacked) return 2;
        return f.FieldType switch
        {
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => 1,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => 5,
            FieldType.String or FieldType.Bytes or FieldType.Message => 2,
            _ => 0,
        };
    }
}
