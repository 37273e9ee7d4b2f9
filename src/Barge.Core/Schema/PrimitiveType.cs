namespace Barge.Core.Schema;

/// <summary>The value kinds a property can hold. Persisted by name, never by number.</summary>
public enum PrimitiveType
{
    Text,
    Int,
    Number,
    Boolean,
    Date,
    Uuid,
    GeoCoordinates,
    PhoneNumber,
    Blob,
    Object,
    /// <summary>A cross-reference to objects of one or more classes.</summary>
    Reference,
}
