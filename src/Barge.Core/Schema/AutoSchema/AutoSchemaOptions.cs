namespace Barge.Core.Schema.AutoSchema;

/// <summary>
/// The data types auto-schema gives to strings, numbers and dates
/// (env <c>AUTOSCHEMA_DEFAULT_STRING</c>, <c>AUTOSCHEMA_DEFAULT_NUMBER</c>, <c>AUTOSCHEMA_DEFAULT_DATE</c>).
/// </summary>
public sealed record AutoSchemaOptions(string DefaultString = "text", string DefaultNumber = "number", string DefaultDate = "date");
