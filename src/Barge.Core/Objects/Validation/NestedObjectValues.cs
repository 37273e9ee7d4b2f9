using System.Text.Json;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// <c>object</c> and <c>object[]</c> values, checked against the property's <c>nestedProperties</c>.
/// Nested keys are matched exactly (Weaviate does not re-case nested names) and reported by their dotted path.
/// </summary>
internal static class NestedObjectValues
{
    public static ValueResult Object<T>(T v, Utf8JsonWriter w, string path, string className, IReadOnlyList<PropertyDefinition>? nested,
        int maxIndexedWordBytes) where T : struct, ISentValue<T>
    {
        if (JsonValues.Kind(v) != JsonValueKind.Object)
            return ValueResult.Fail($"object must be a map, but got: {Shown.TypeOf(v.ToJson())}");

        // Keys are matched exactly, and the parser refuses duplicate keys, so each key is written once.
        w.WriteStartObject();
        var members = v.Members();
        while (v.NextMember(ref members, out var value))
        {
            var key = v.MemberName(members);
            var childPath = path + "." + key;
            var prop = Find(nested, key);
            if (prop is null) return ValueResult.Fail($"unknown property '{childPath}'");
            if (value.Kind == JsonValueKind.Null) continue; // like top-level nulls: nothing to store

            w.WritePropertyName(key);
            var r = PropertyValidator.NormalizeValue(prop, childPath, className, value, w, refs: null, checkReferenceTargets: false, maxIndexedWordBytes);
            if (r.Failed) return ValueResult.Fail($"property '{childPath}': {r.Error}");
        }
        w.WriteEndObject();
        return ValueResult.Ok;
    }

    public static ValueResult ObjectArray<T>(T v, Utf8JsonWriter w, string path, string className, IReadOnlyList<PropertyDefinition>? nested,
        int maxIndexedWordBytes) where T : struct, ISentValue<T>
    {
        if (JsonValues.Kind(v) != JsonValueKind.Array)
            return ValueResult.Fail($"not an object array, but {Shown.TypeOf(v.ToJson())}");

        w.WriteStartArray();
        var i = 0;
        var items = v.Items();
        while (v.NextItem(ref items, out var item))
        {
            var r = Object(item, w, path, className, nested, maxIndexedWordBytes);
            if (r.Failed) return ValueResult.Fail($"invalid object '{i}' in array: {r.Error}");
            i++;
        }
        w.WriteEndArray();
        return ValueResult.Ok;
    }

    private static PropertyDefinition? Find(IReadOnlyList<PropertyDefinition>? nested, string name)
    {
        if (nested is null) return null;
        foreach (var p in nested)
            if (p.Name == name) return p;
        return null;
    }
}
