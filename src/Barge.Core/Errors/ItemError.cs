namespace Barge.Core.Errors;

/// <summary>
/// Why one item of a batch failed, as code reads it: callers branch on <see cref="ItemErrorCode"/>, never on the
/// message. The journal keeps both.
/// </summary>
public enum ItemErrorCode
{
    /// <summary>A value breaks its property's type or rules (or the object's vector, tenant or id does).</summary>
    InvalidValue,

    /// <summary>The item names a class the schema does not hold (or names none).</summary>
    UnknownClass,

    /// <summary>The item sets a property its class does not have.</summary>
    UnknownProperty,

    /// <summary>A reference points at an object that does not exist (or the object to change is gone).</summary>
    ReferenceTargetMissing,

    /// <summary>The item clashes with what is stored: its id is taken, or the object changed since.</summary>
    Conflict,

    /// <summary>The dialect refused the item before Core saw it: it could not be read, or breaks one of the dialect's own rules.</summary>
    RefusedByDialect,

    /// <summary>The store refused to write the item.</summary>
    StoreRefused,

    /// <summary>The caller may not write where the item goes.</summary>
    Forbidden,

    /// <summary>The item was fine but not written, because other items of its atomic batch failed.</summary>
    HeldBack,

    /// <summary>The object the item addresses does not exist.</summary>
    NotFound,
}

/// <summary>
/// One item's failure: its <see cref="Code"/>, set where the failure arises, and the <see cref="Message"/> a client
/// reads (the dialect's exact text, e.g. Weaviate's).
/// </summary>
public sealed record ItemError(ItemErrorCode Code, string Message)
{
    public static ItemError InvalidValue(string message) => new(ItemErrorCode.InvalidValue, message);
    public static ItemError UnknownClass(string message) => new(ItemErrorCode.UnknownClass, message);
    public static ItemError RefusedByDialect(string message) => new(ItemErrorCode.RefusedByDialect, message);
    public static ItemError HeldBack(string message) => new(ItemErrorCode.HeldBack, message);

    /// <summary>The message: what a client reads wherever an item's error is shown as text.</summary>
    public override string ToString() => Message;
}

/// <summary>The journal's and the API's names of the codes (snake case, stable: they are stored).</summary>
public static class ItemErrorCodes
{
    public static string Name(ItemErrorCode code) => code switch
    {
        ItemErrorCode.InvalidValue => "invalid_value",
        ItemErrorCode.UnknownClass => "unknown_class",
        ItemErrorCode.UnknownProperty => "unknown_property",
        ItemErrorCode.ReferenceTargetMissing => "reference_target_missing",
        ItemErrorCode.Conflict => "conflict",
        ItemErrorCode.RefusedByDialect => "refused_by_dialect",
        ItemErrorCode.StoreRefused => "store_refused",
        ItemErrorCode.Forbidden => "forbidden",
        ItemErrorCode.HeldBack => "held_back",
        ItemErrorCode.NotFound => "not_found",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static ItemErrorCode? Parse(string? name) =>
        name is null ? null : Enum.GetValues<ItemErrorCode>().Cast<ItemErrorCode?>().FirstOrDefault(c => Name(c!.Value) == name);
}
