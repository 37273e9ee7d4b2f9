using Barge.Core.Errors;
using Barge.Core.Schema;

namespace Barge.Core.Query.References;

/// <summary>
/// A <see cref="ReferenceSelection"/> checked against the schema before anything is read: the property exists and is a
/// reference, and the one class whose targets the selection reads is known and exists.
/// </summary>
internal sealed record ReferencePlan(ReferenceSelection Selection, string Property, ClassDefinition Target, IReadOnlyList<ReferencePlan> Nested)
{
    /// <summary>The plans of <paramref name="selections"/> on objects of <paramref name="cls"/>; throws <see cref="UserInputException"/> for a selection that does not fit.</summary>
    public static IReadOnlyList<ReferencePlan> For(ClassDefinition cls, IReadOnlyList<ReferenceSelection> selections, Func<string, ClassDefinition?> classes) =>
        selections.Select(s => For(cls, s, classes)).ToList();

    private static ReferencePlan For(ClassDefinition cls, ReferenceSelection selection, Func<string, ClassDefinition?> classes)
    {
        var name = SchemaNames.PropertyNameFor(selection.Property);
        var property = cls.FindProperty(name) ?? throw new UserInputException(QueryMessages.NoSuchProperty(name, cls.Name));
        if (!property.DataType.IsReference) throw new UserInputException(QueryMessages.NotAReference(name, cls.Name));
        var targets = property.DataType.TargetClasses;
        string targetName;
        if (targets.Count == 1) targetName = targets[0];
        else if (string.IsNullOrEmpty(selection.TargetClass)) throw new UserInputException(QueryMessages.TargetCollectionNeeded(cls.Name, name, targets));
        else
        {
            targetName = SchemaNames.ClassNameFor(selection.TargetClass);
            if (!targets.Contains(targetName, StringComparer.Ordinal))
                throw new UserInputException(QueryMessages.NotAReferenceTarget(targetName, cls.Name, name, targets));
        }
        var target = classes(targetName) ?? throw new UserInputException(QueryMessages.NoSuchClass(targetName));
        return new ReferencePlan(selection, name, target, For(target, selection.Nested, classes));
    }
}
