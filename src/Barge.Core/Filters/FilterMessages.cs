namespace Barge.Core.Filters;

/// <summary>Weaviate's filter error texts that clients and tests match on, in one place.</summary>
internal static class FilterMessages
{
    public static string NoSuchProperty(string prop, string cls) =>
        $"no such prop with name '{prop}' found in class '{cls}' in the schema. Check your schema files for which properties in this class are available";

    public static string NoSuchClass(string cls) => $"class \"{cls}\" does not exist in schema";

    public static string WrongValueType(string used, string dataType, string expected) =>
        $"data type filter cannot use \"{used}\" on type \"{dataType}\", use \"{expected}\" instead";

    public const string IdNeedsText = "using [\"_id\"] to filter by uuid: must use \"valueText\" to specify the id";

    public static string TimestampNeedsTextOrDate(string prop) =>
        $"using [\"{prop}\"] to filter by timestamp: must use \"valueText\" or \"valueDate\"";

    public static string TimestampsNotIndexed(string cls) =>
        $"Timestamps must be indexed to be filterable! Add `IndexTimestamps: true` to the InvertedIndexConfig in {cls}";

    public static string IsNullNeedsBoolean(string used) => $"operator IsNull requires a booleanValue, got \"{used}\" instead";

    public const string NullStateNotIndexed =
        "Nullstate must be indexed to be filterable! Add `indexNullState: true` to the invertedIndexConfig";

    public static string LengthNeedsInt(string used) => $"Filtering for property length requires IntValue, got \"{used}\" instead";

    public static string LengthOperator(FilterOperator op) =>
        $"Filtering for property length supports operators (not) equal and greater/less than (equal), got \"{op}\" instead";

    public static string NegativeLength(long value) => $"Can only filter for positive property length got {value} instead";

    public static string LengthNotIndexed(string cls) =>
        $"Property length must be indexed to be filterable! add `IndexPropertyLength: true` to the invertedIndexConfig in {cls}. " +
        "Geo-coordinates, phone numbers and data blobs are not supported by property length.";

    public static string UuidNeedsText(string prop) =>
        $"property \"{prop}\" is of type \"uuid\" or \"uuid[]\": specify uuid as string using \"valueText\"";

    public static string UuidOperator(FilterOperator op) => $"operator \"{op}\" cannot be used on uuid/uuid[] props";

    public static string RefNeedsInt(string prop, string targetClass) =>
        $"Property \"{prop}\" is a ref prop to the class \"{targetClass}\". Only \"valueInt\" can be used on a ref prop directly to count the number of refs. " +
        "Or did you mean to filter on a primitive prop of the referenced class? In this case make sure your path contains 3 elements in the form of " +
        "[<propName>, <ClassNameOfReferencedClass>, <primitvePropOnClass>]";

    public const string OnlyStopwords =
        "invalid search term, only stopwords provided. Stopwords can be configured in class.invertedIndexConfig.stopwords";

    public static string NotFilterable(string prop) =>
        $"Filtering by property '{prop}' requires inverted index. Is `indexFilterable` option of property '{prop}' enabled? Set it to `true` or leave empty";

    // Barge's own texts for combinations Weaviate only rejects deep inside its searcher.
    public static string NotAReference(string prop, string cls) => $"property '{prop}' of class '{cls}' is not a reference property and cannot be followed in a path";

    public static string SingleValueOnly(FilterOperator op) => $"operator '{op}' requires a single value, not an array";

    public static string LikeNeedsText(string dataType) => $"operator 'Like' cannot be used on type \"{dataType}\", only on text, id and timestamps";

    public const string GeoNeedsWithinGeoRange = "geoCoordinates properties can only be filtered with operator 'WithinGeoRange'";

    public static string WithinGeoRangeNeedsGeo(string used) => $"operator 'WithinGeoRange' requires \"valueGeoRange\", got \"{used}\" instead";

    public static string BadTimestamp(string value) => $"invalid timestamp '{value}': must be unix epoch milliseconds or a RFC3339 date";

    public static string BadDate(string value) => $"invalid valueDate '{value}': must be a RFC3339 formatted date";
}
