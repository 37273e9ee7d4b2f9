using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Objects.Validation;

namespace Barge.Core.Schema.AutoSchema;

/// <summary>Infers a Weaviate data type from one JSON value (spec §5.6).</summary>
internal sealed class TypeInference(AutoSchemaOptions options, IReferenceResolver refs)
{
    /// <summary>The type for <paramref name="value"/>, or an error. References are only inferred at the top level.</summary>
    public (InferredType? Type, string? Error) Infer(JsonNode? value, bool allowReferences)
    {
        switch (value?.GetValueKind() ?? JsonValueKind.Null)
        {
            case JsonValueKind.String:
                return (InferredType.Of(StringType(value!.GetValue<string>())), null);
            case JsonValueKind.Number:
                return (InferredType.Of(options.DefaultNumber), null);
            case JsonValueKind.True:
            case JsonValueKind.False:
                return (InferredType.Of("boolean"), null);
            case JsonValueKind.Object:
                return ObjectType(value!.AsObject());
            case JsonValueKind.Array:
                return ArrayType(value!.AsArray(), allowReferences);
            default:
                // A null says nothing about the type; text is the least surprising guess.
                return (InferredType.Of("text"), null);
        }
    }

    private string StringType(string s)
    {
        if (Rfc3339.IsValid(s)) return options.DefaultDate;
        if (UuidText.NormalizeLenient(s) is not null) return "uuid";
        return options.DefaultString;
    }

    private (InferredType?, string?) ObjectType(JsonObject obj)
    {
        if (IsGeo(obj)) return (InferredType.Of("geoCoordinates"), null);
        if (IsPhone(obj)) return (InferredType.Of("phoneNumber"), null);
        var (nested, error) = NestedProperties([obj]);
        return error is null ? (new InferredType(["object"], nested), null) : (null, error);
    }

    private static bool IsGeo(JsonObject obj) =>
        obj.Count == 2 && obj.ContainsKey("latitude") && obj.ContainsKey("longitude");

    private static bool IsPhone(JsonObject obj) =>
        obj.ContainsKey("input") && obj.All(kv => kv.Key is "input" or "defaultCountry");

    /// <summary>Nested properties from one or more objects (the elements of an <c>object[]</c>); first type seen wins.</summary>
    private (IReadOnlyList<PropertyDefinition>?, string?) NestedProperties(IEnumerable<JsonObject> objects)
    {
        var result = new List<PropertyDefinition>();
        foreach (var obj in objects)
        {
            foreach (var (key, value) in obj)
            {
                if (result.Any(p => p.Name == key)) continue;
                var (type, error) = Infer(value, allowReferences: false);
                if (error is not null) return (null, error);
                // Nested names are kept verbatim: Weaviate matches nested keys exactly.
                result.Add(type!.ToProperty(key, description: null));
            }
        }
        return (result, null);
    }

    private (InferredType?, string?) ArrayType(JsonArray array, bool allowReferences)
    {
        var kinds = new List<(int Index, ElementKind Kind, InferredType? Scalar)>();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            if (item is null) continue; // nulls carry no type; validation decides whether they are acceptable
            var kind = Classify(item, allowReferences);
            if (kind == ElementKind.Array) return (null, $"element [{i}]: nested arrays are not supported");
            kinds.Add((i, kind, kind is ElementKind.String or ElementKind.Scalar ? Infer(item, false).Type : null));
        }
        if (kinds.Count == 0) return (InferredType.Of(options.DefaultString + "[]"), null);

        var first = kinds[0];
        foreach (var k in kinds)
        {
            if (k.Kind != first.Kind || (k.Kind == ElementKind.Scalar && k.Scalar!.DisplayName != first.Scalar!.DisplayName))
                return (null, $"element [{k.Index}]: mismatched data type - '{Name(first, array)}' expected, got '{Name(k, array)}'");
        }

        switch (first.Kind)
        {
            case ElementKind.String:
                // All dates → date[], all uuids → uuid[], any mix with plain text → text[].
                var names = kinds.Select(k => k.Scalar!.DisplayName).Distinct().ToList();
                return (InferredType.Of((names.Count == 1 ? names[0] : options.DefaultString) + "[]"), null);
            case ElementKind.Scalar:
                return (InferredType.Of(first.Scalar!.DisplayName + "[]"), null);
            case ElementKind.Reference:
                return ReferenceType(kinds.Select(k => (k.Index, array[k.Index]!.AsObject())));
            default:
                var (nested, error) = NestedProperties(kinds.Select(k => array[k.Index]!.AsObject()));
                return error is null ? (new InferredType(["object[]"], nested), null) : (null, error);
        }
    }

    private string Name((int Index, ElementKind Kind, InferredType? Scalar) element, JsonArray array) => element.Kind switch
    {
        ElementKind.String or ElementKind.Scalar => element.Scalar!.DisplayName,
        ElementKind.Reference => "cref",
        _ => Infer(array[element.Index], false).Type?.DataTypeNames[0] ?? "object",
    };

    private (InferredType?, string?) ReferenceType(IEnumerable<(int Index, JsonObject Ref)> references)
    {
        var classes = new List<string>();
        foreach (var (index, reference) in references)
        {
            Beacon.TryParse(reference["beacon"]!.GetValue<string>(), out var beacon, out _);
            // A class-less beacon names no class: ask which class holds the id.
            var found = beacon!.ClassName is { } c ? [c] : refs.ClassesOf(beacon.Id, []);
            if (found.Count == 0)
                return (null, $"element [{index}]: cannot infer the reference's class: no object with id {beacon.Id} found");
            foreach (var cls in found)
                if (!classes.Contains(cls, StringComparer.Ordinal)) classes.Add(cls);
        }
        return (new InferredType(classes), null);
    }

    private enum ElementKind { String, Scalar, Reference, Object, Array }

    private static ElementKind Classify(JsonNode item, bool allowReferences) => item.GetValueKind() switch
    {
        JsonValueKind.String => ElementKind.String,
        JsonValueKind.Array => ElementKind.Array,
        JsonValueKind.Object => allowReferences && IsBeacon(item.AsObject()) ? ElementKind.Reference : ElementKind.Object,
        _ => ElementKind.Scalar,
    };

    /// <summary><c>{"beacon": "weaviate://…"}</c>, optionally with the <c>href</c> Weaviate adds when echoing.</summary>
    private static bool IsBeacon(JsonObject obj) =>
        obj.All(kv => kv.Key is "beacon" or "href")
        && obj["beacon"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && Beacon.TryParse(v.GetValue<string>(), out _, out _);
}
