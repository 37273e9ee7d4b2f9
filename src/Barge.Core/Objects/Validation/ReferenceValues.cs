using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// Cross-reference values: an array of <c>{"beacon": "..."}</c>. Beacons are rewritten to the long form with the
/// target class, so stored references never depend on a later id lookup.
/// </summary>
internal static class ReferenceValues
{
    public static ValueResult Normalize<T>(T v, Utf8JsonWriter w, PropertyDefinition prop, string propName, string className,
        IReferenceResolver refs, bool checkReferenceTargets) where T : struct, ISentValue<T>
    {
        var r = NormalizeInner(v, w, prop, propName, className, refs, checkReferenceTargets);
        return r.Failed ? ValueResult.Fail($"invalid cref: {r.Error}") : r;
    }

    private static ValueResult NormalizeInner<T>(T v, Utf8JsonWriter w, PropertyDefinition prop, string propName, string className,
        IReferenceResolver refs, bool checkReferenceTargets) where T : struct, ISentValue<T>
    {
        switch (JsonValues.Kind(v))
        {
            case JsonValueKind.Object:
                return ValueResult.Fail($"reference must be an array, but got a map: {Shown.Literal(v.ToJson())}");
            case JsonValueKind.Array:
                break;
            default:
                return ValueResult.Fail($"invalid ref type. Needs to be []map, got {Shown.TypeOf(v.ToJson())}");
        }

        w.WriteStartArray();
        var items = v.Items();
        while (v.NextItem(ref items, out var item))
        {
            if (JsonValues.Kind(item) != JsonValueKind.Object)
                return ValueResult.Fail(
                    $"multiple references in {className}.{propName} should be a list of maps, but we got: {Shown.TypeOf(item.ToJson())}");

            var r = Single(item, w, prop, propName, className, refs, checkReferenceTargets);
            if (r.Failed) return r;
        }
        w.WriteEndArray();
        return ValueResult.Ok;
    }

    private static ValueResult Single<T>(T reference, Utf8JsonWriter w, PropertyDefinition prop, string propName, string className,
        IReferenceResolver refs, bool checkReferenceTargets) where T : struct, ISentValue<T>
    {
        // `href` is what Weaviate itself adds when returning references, so clients echo it back; it is derived data.
        var count = 0;
        string? firstName = null;
        T beaconNode = default;
        var members = reference.Members();
        while (reference.NextMember(ref members, out var value))
        {
            var name = reference.MemberName(members);
            if (name == "href") continue;
            if (count++ == 0) (firstName, beaconNode) = (name, value);
        }
        if (count != 1)
        {
            var shown = new JsonObject();
            foreach (var p in reference.ToJson().EnumerateObject().Where(p => p.Name != "href")) shown[p.Name] = JsonValues.Node(p.Value);
            return ValueResult.Fail(
                $"only direct references supported at the moment, concept references not supported yet: class '{className}' with property '{propName}' requires exactly 1 arguments: 'beacon'. Check your input schema, got: {Shown.Literal(JsonElements.From(shown)!.Value)}");
        }
        if (firstName != "beacon")
            return ValueResult.Fail(
                $"only direct references supported at the moment, concept references not supported yet:  class '{className}' with property '{propName}' requires exactly 1 argument: 'beacon' is missing, check your input schema");

        if (beaconNode.Kind != JsonValueKind.String)
            return ValueResult.Fail($"invalid reference: beacon must be a string, but got {Shown.TypeOf(beaconNode.ToJson())}");
        if (!Beacon.TryParse(beaconNode.GetString(), out var beacon, out var parseError))
            return ValueResult.Fail(parseError!);

        var targets = prop.DataType.TargetClasses;
        var errVal = $"'cref' {className}:{propName}";
        IReadOnlyList<string>? owners = null;
        if (beacon!.ClassName is null)
        {
            if (targets.Count == 1) beacon = beacon.WithClass(targets[0]);
            else
            {
                owners = refs.ClassesOf(beacon.Id, targets);
                if (owners.Count == 1) beacon = beacon.WithClass(owners[0]);
            }
        }
        else if (!targets.Contains(beacon.ClassName, StringComparer.Ordinal))
        {
            return ValueResult.Fail(
                $"{errVal}: class '{beacon.ClassName}' is not a target of this reference property, expected one of [{string.Join(", ", targets)}]");
        }

        if (checkReferenceTargets)
        {
            var exists = beacon.ClassName is not null
                ? refs.Exists(beacon.ClassName, beacon.Id)
                : (owners ?? refs.ClassesOf(beacon.Id, targets)).Count > 0;
            if (!exists)
            {
                ValueMessage missing = $"{errVal}: no object with id {beacon.Id} found";
                return ValueResult.Fail(missing.As(Errors.ItemErrorCode.ReferenceTargetMissing));
            }
        }

        w.WriteStartObject();
        w.WriteString("beacon", beacon.ToString());
        w.WriteEndObject();
        return ValueResult.Ok;
    }
}
