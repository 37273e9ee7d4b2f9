using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Objects.Validation;
using Barge.Core.Schema;

namespace Barge.Core.Objects;

/// <summary>
/// The code of a property failure the validator reported. The validator gives its message only, so the code is found
/// from facts, never from the text: the first property in the order the validator checks them that fails on its own
/// is the one reported; it is unknown to the class, a reference whose only fault is a missing target, or a bad value.
/// Runs only for an item that failed.
/// </summary>
internal static class PropertyFailures
{
    public static ItemErrorCode Code(ClassDefinition cls, JsonElement? properties, IReferenceResolver refs, int maxIndexedWordBytes)
    {
        if (properties is not { ValueKind: JsonValueKind.Object } given) return ItemErrorCode.InvalidValue;
        foreach (var member in given.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null) continue;
            var prop = PropertyKeys.Find(cls, member);
            if (prop is null) return ItemErrorCode.UnknownProperty;
            var alone = new JsonObject { [member.Name] = JsonNode.Parse(member.Value.GetRawText()) };
            if (PropertyValidator.Normalize(cls, alone, refs, checkReferenceTargets: true, maxIndexedWordBytes).Error is null) continue;
            return prop.DataType.IsReference && PropertyValidator.Normalize(cls, alone, refs, checkReferenceTargets: false, maxIndexedWordBytes).Error is null
                ? ItemErrorCode.ReferenceTargetMissing
                : ItemErrorCode.InvalidValue;
        }
        return ItemErrorCode.InvalidValue;
    }
}
