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
    public static ValueResult Normalize(JsonElement v, Utf8JsonWriter w, PropertyDefinition prop, string propName, string className,
        IReferenceResolver refs, bool checkReferenceTargets)
    {
        var r = NormalizeInner(v, w, prop, propName, className, refs, checkReferenceTargets);
        return r.Failed ? ValueResult.Fail($"invalid cref: {r.Error}") : r;
    }

    private static ValueResult NormalizeInner(JsonElement v, Utf8JsonWriter w, PropertyDefinition prop, string propName, string className,
        IReferenceResolver refs, bool checkReferenceTargets)
    {
        switch (JsonValues.Kind(v))
        {
            case JsonValueKind.Object:
                return ValueResult.Fail($"reference must be an array, but got a map: {Shown.Literal(v)}");
            case JsonValueKind.Array:
                break;
            default:
                return ValueResult.Fail($"invalid ref type. Needs to be []map, got {Shown.TypeOf(v)}");
        }

        w.WriteStartArray();
        foreach (var item in v.EnumerateArray())
        {
            if (JsonValues.Kind(item) != JsonValueKind.Object)
                return ValueResult.Fail(
                    $"multiple references in {className}.{propName} should be a list of maps, but we got: {Shown.TypeOf(item)}");

            var r = Single(item, w, prop, propName, className, refs, checkReferenceTargets);
            if (r.Failed) return r;
        }
        w.WriteEndArray();
        return ValueResult.Ok;
    }

    private static ValueResult Single(JsonElement reference, Utf8JsonWriter w, PropertyDefinition prop, string propName, string className,
        IReferenceResolver refs, bool checkReferenceTargets)
    {
        // `href` is what Weaviate itself adds when returning references, so clients echo it back; it is derived data.
        var keys = reference.EnumerateObject().Where(p => p.Name != "href").ToList();
        if (keys.Count != 1)
        {
            var shown = new JsonObject();
            foreach (var p in keys) shown[p.Name] = JsonValues.Node(p.Value);
            return ValueResult.Fail(
                $"only direct references supported at the moment, concept references not supported yet: class '{className}' with property '{propName}' requires exactly 1 arguments: 'beacon'. Check your input schema, got: {Shown.Literal(JsonElements.From(shown)!.Value)}");
        }
        if (keys[0].Name != "beacon")
            return ValueResult.Fail(
                $"only direct references supported at the moment, concept references not supported yet:  class '{className}' with property '{propName}' requires exactly 1 argument: 'beacon' is missing, check your input schema");

        var beaconNode = keys[0].Value;
        if (beaconNode.ValueKind != JsonValueKind.String)
            return ValueResult.Fail($"invalid reference: beacon must be a string, but got {Shown.TypeOf(beaconNode)}");
        if (!Beacon.TryParse(beaconNode.GetString()!, out var beacon, out var parseError))
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
