namespace Barge.Core.Indexing;

/// <summary>
/// One entry of the inverted index: property key and a scalar value (long, double or string).
/// Text is stored as its tokens (per the property's tokenization); arrays give one entry per element;
/// booleans are 0/1 longs; dates are epoch milliseconds; references are <c>Class/uuid</c> strings.
/// Synthetic keys: <c>len(prop)</c> (property length / reference count) and <c>null(prop)</c> (1 when null or absent).
/// </summary>
public readonly record struct IndexEntry(string Property, object Value);
