using System.Globalization;
using Barge.Core.Indexing;
using Barge.Core.Schema;

namespace Barge.Core.Filters;

/// <summary>
/// Turns one clause on the innermost class of its path into storage conditions, in Weaviate's check order:
/// internal properties, len(), property lookup, IsNull, uuid, references, then the value type.
/// </summary>
internal static class ClauseConditions
{
    public static FilterNode Build(FilterOperator op, string propName, FilterValue value, ClassDefinition cls)
    {
        switch (propName)
        {
            case "id" or "_id":
                if (value.Type != FilterValueType.Text) throw Fail(FilterMessages.IdNeedsText);
                return ForColumn(op, ObjectColumn.Id, value.Items.Select(v => (object)((string)v).ToLowerInvariant()).ToList());
            case "_creationTimeUnix" or "_lastUpdateTimeUnix":
                return Timestamp(op, propName, value, cls);
        }

        var lengthOf = LengthPath.Pattern().Match(propName);
        var prop = FilterValidator.FindProperty(cls, lengthOf.Success ? lengthOf.Groups[1].Value : propName)
                   ?? throw Fail(FilterMessages.NoSuchProperty(lengthOf.Success ? lengthOf.Groups[1].Value : propName, cls.Name));

        if (op == FilterOperator.IsNull)
        {
            if (value.Type != FilterValueType.Boolean) throw Fail(FilterMessages.IsNullNeedsBoolean(value.TypeName));
            if (!cls.IndexNullState) return new UnsearchableFilter(FilterMessages.NullStateNotIndexed);
            return new IndexCondition(cls.Name, IndexKeys.Null(prop.Name), Comparison.In, [(bool)value.Items[0] ? 1L : 0L]);
        }
        if (lengthOf.Success) return Length(op, prop, value, cls);

        var type = prop.DataType;
        if (type.Primitive == PrimitiveType.Uuid)
        {
            if (value.Type != FilterValueType.Text) throw Fail(FilterMessages.UuidNeedsText(prop.Name));
            if (op is FilterOperator.Like or FilterOperator.WithinGeoRange or FilterOperator.ContainsNone)
                throw Fail(FilterMessages.UuidOperator(op));
        }
        else if (type.IsReference)
        {
            if (value.Type != FilterValueType.Int) throw Fail(FilterMessages.RefNeedsInt(prop.Name, type.TargetClasses[0]));
            // A reference property filtered directly compares its reference count.
            return Compare(op, cls.Name, IndexKeys.Length(prop.Name), value.Items.ToList(), lowerCaseLike: false, singleValued: !type.IsArray);
        }
        else
        {
            var expected = ExpectedValueType(type.Primitive);
            if (expected != value.Type)
            {
                var expectedName = "value" + char.ToUpperInvariant(type.BaseName[0]) + type.BaseName[1..];
                throw Fail(FilterMessages.WrongValueType(value.TypeName, type.Name, expectedName));
            }
        }

        if (type.Primitive == PrimitiveType.GeoCoordinates)
        {
            if (op != FilterOperator.WithinGeoRange) throw Fail(FilterMessages.GeoNeedsWithinGeoRange);
            return prop.IndexFilterable ? new GeoCondition(cls.Name, prop.Name, value.Geo!) : new UnsearchableFilter(FilterMessages.NotFilterable(prop.Name));
        }
        if (op == FilterOperator.WithinGeoRange) throw Fail(FilterMessages.WithinGeoRangeNeedsGeo(value.TypeName));
        if (op == FilterOperator.Like && type.Primitive is not PrimitiveType.Text)
            throw Fail(FilterMessages.LikeNeedsText(type.Name));
        if (!prop.IndexFilterable) return new UnsearchableFilter(FilterMessages.NotFilterable(prop.Name));

        return type.Primitive == PrimitiveType.Text
            ? Text(op, cls, prop, value)
            : Compare(op, cls.Name, prop.Name, Stored(type.Primitive, value), lowerCaseLike: false, singleValued: !type.IsArray);
    }

    private static FilterValueType? ExpectedValueType(PrimitiveType primitive) => primitive switch
    {
        PrimitiveType.Text => FilterValueType.Text,
        PrimitiveType.Int => FilterValueType.Int,
        PrimitiveType.Number => FilterValueType.Number,
        PrimitiveType.Boolean => FilterValueType.Boolean,
        PrimitiveType.Date => FilterValueType.Date,
        PrimitiveType.GeoCoordinates => FilterValueType.GeoRange,
        _ => null, // phoneNumber, blob, object: no value type fits
    };

    /// <summary>Filter values in the form the index stores for this type.</summary>
    private static List<object> Stored(PrimitiveType primitive, FilterValue value) => value.Items.Select(item => primitive switch
    {
        PrimitiveType.Boolean => (bool)item ? 1L : 0L,
        PrimitiveType.Date => IndexValues.TryParseDate((string)item, out var ms) ? ms : throw Fail(FilterMessages.BadDate((string)item)),
        PrimitiveType.Uuid => ((string)item).ToLowerInvariant(),
        _ => item,
    }).ToList();

    private static FilterNode Timestamp(FilterOperator op, string propName, FilterValue value, ClassDefinition cls)
    {
        if (value.Type is not (FilterValueType.Text or FilterValueType.Date)) throw Fail(FilterMessages.TimestampNeedsTextOrDate(propName));
        if (!cls.IndexTimestamps) return new UnsearchableFilter(FilterMessages.TimestampsNotIndexed(cls.Name));
        var column = propName == "_creationTimeUnix" ? ObjectColumn.CreationTime : ObjectColumn.LastUpdateTime;
        if (op == FilterOperator.Like) return ForColumn(op, column, value.Items.ToList());
        var values = new List<object>();
        foreach (string item in value.Items)
        {
            if (value.Type == FilterValueType.Text && long.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)) values.Add(ms);
            else if (IndexValues.TryParseDate(item, out ms)) values.Add(ms);
            else return new UnsearchableFilter(FilterMessages.BadTimestamp(item));
        }
        return ForColumn(op, column, values);
    }

    private static FilterNode Length(FilterOperator op, PropertyDefinition prop, FilterValue value, ClassDefinition cls)
    {
        if (value.Type != FilterValueType.Int) throw Fail(FilterMessages.LengthNeedsInt(value.TypeName));
        if (op is not (FilterOperator.Equal or FilterOperator.NotEqual or FilterOperator.GreaterThan or FilterOperator.GreaterThanEqual
            or FilterOperator.LessThan or FilterOperator.LessThanEqual))
            throw Fail(FilterMessages.LengthOperator(op));
        if ((long)value.Items[0] < 0) throw Fail(FilterMessages.NegativeLength((long)value.Items[0]));
        var type = prop.DataType;
        var indexed = type.IsReference || (cls.IndexPropertyLength && (type.IsArray || type.Primitive == PrimitiveType.Text));
        if (!indexed) return new UnsearchableFilter(FilterMessages.LengthNotIndexed(cls.Name));
        return Compare(op, cls.Name, IndexKeys.Length(prop.Name), value.Items.ToList(), lowerCaseLike: false, singleValued: !type.IsArray);
    }

    /// <summary>
    /// Text values are tokenized like the stored text; for <c>word</c> tokenization stopwords are dropped and an
    /// all-stopword value is a search-time error. The remaining terms are AND-ed (Equal, ContainsAll) or OR-ed (ContainsAny).
    /// </summary>
    private static FilterNode Text(FilterOperator op, ClassDefinition cls, PropertyDefinition prop, FilterValue value)
    {
        var tokenization = prop.Tokenization;
        switch (op)
        {
            case FilterOperator.Like:
                var pattern = tokenization == Tokenizer.Field ? ((string)Single(op, value)).Trim() : (string)Single(op, value);
                return Compare(op, cls.Name, prop.Name, [pattern], lowerCaseLike: Tokenizer.LowerCases(tokenization));
            case FilterOperator.GreaterThan or FilterOperator.GreaterThanEqual or FilterOperator.LessThan or FilterOperator.LessThanEqual:
                var text = (string)Single(op, value);
                var tokens = Tokenizer.Tokenize(tokenization, text);
                var bound = tokens.Count == 1 ? tokens[0] : Tokenizer.LowerCases(tokenization) ? text.ToLowerInvariant() : text;
                return Compare(op, cls.Name, prop.Name, [bound], lowerCaseLike: false);
        }

        var stopwords = tokenization is null or Tokenizer.Word ? Stopwords.For(cls) : null;
        var sawToken = false;
        var terms = new List<object>();
        var items = op is FilterOperator.Equal or FilterOperator.NotEqual ? [Single(op, value)] : value.Items;
        foreach (string item in items)
        {
            foreach (var term in Tokenizer.Tokenize(tokenization, item))
            {
                sawToken = true;
                if (stopwords?.Contains(term) != true && !terms.Contains(term)) terms.Add(term);
            }
        }
        if (terms.Count == 0)
            return sawToken ? new UnsearchableFilter(FilterMessages.OnlyStopwords) : Negate(op, new ConstantFilter(false));

        var key = prop.Name;
        FilterNode all = terms.Count == 1
            ? new IndexCondition(cls.Name, key, Comparison.In, terms)
            : new CompoundFilter(FilterOperator.And, terms.Select(t => (FilterNode)new IndexCondition(cls.Name, key, Comparison.In, [t])).ToList());
        return op switch
        {
            FilterOperator.Equal or FilterOperator.ContainsAll => all,
            FilterOperator.NotEqual => new CompoundFilter(FilterOperator.Not, [all]),
            FilterOperator.ContainsAny => new IndexCondition(cls.Name, key, Comparison.In, terms),
            _ => new CompoundFilter(FilterOperator.Not, [new IndexCondition(cls.Name, key, Comparison.In, terms)]),
        };
    }

    /// <summary>Operators that negate their positive form (so that an empty match set turns into "all").</summary>
    private static FilterNode Negate(FilterOperator op, FilterNode positive) =>
        op is FilterOperator.NotEqual or FilterOperator.ContainsNone ? new CompoundFilter(FilterOperator.Not, [positive]) : positive;

    /// <summary>
    /// Non-text comparisons on an index key; Equal on an array property matches when any element does.
    /// <paramref name="singleValued"/>: an object has at most one value under the key (see <see cref="IndexCondition.SingleValued"/>).
    /// </summary>
    private static FilterNode Compare(FilterOperator op, string cls, string key, List<object> values, bool lowerCaseLike, bool singleValued = false) =>
        Map(op, values, (comparison, vals) => new IndexCondition(cls, key, comparison,
            comparison == Comparison.Like && lowerCaseLike ? vals.Select(v => (object)((string)v).ToLowerInvariant()).ToList() : vals)
        { SingleValued = singleValued });

    private static FilterNode ForColumn(FilterOperator op, ObjectColumn column, List<object> values) =>
        Map(op, values, (comparison, vals) => new ColumnCondition(column, comparison, vals));

    /// <summary>Shared operator semantics for single-valued comparisons; <paramref name="make"/> builds the leaf.</summary>
    private static FilterNode Map(FilterOperator op, List<object> values, Func<Comparison, IReadOnlyList<object>, FilterNode> make)
    {
        switch (op)
        {
            case FilterOperator.ContainsAny:
                return make(Comparison.In, values);
            case FilterOperator.ContainsNone:
                return new CompoundFilter(FilterOperator.Not, [make(Comparison.In, values)]);
            case FilterOperator.ContainsAll:
                return values.Count == 1
                    ? make(Comparison.In, values)
                    : new CompoundFilter(FilterOperator.And, values.Select(v => make(Comparison.In, [v])).ToList());
        }
        if (values.Count != 1) throw Fail(FilterMessages.SingleValueOnly(op));
        return op switch
        {
            FilterOperator.Equal => make(Comparison.In, values),
            FilterOperator.NotEqual => new CompoundFilter(FilterOperator.Not, [make(Comparison.In, values)]),
            FilterOperator.GreaterThan => make(Comparison.GreaterThan, values),
            FilterOperator.GreaterThanEqual => make(Comparison.GreaterThanEqual, values),
            FilterOperator.LessThan => make(Comparison.LessThan, values),
            FilterOperator.LessThanEqual => make(Comparison.LessThanEqual, values),
            FilterOperator.Like => make(Comparison.Like, values),
            // IsNull on id/timestamps: these are never null.
            FilterOperator.IsNull => new ConstantFilter(values[0] is false),
            _ => throw new InvalidOperationException($"operator {op} is handled before comparisons"),
        };
    }

    private static object Single(FilterOperator op, FilterValue value) =>
        value.Items.Count == 1 ? value.Items[0] : throw Fail(FilterMessages.SingleValueOnly(op));

    private static FilterValidationException Fail(string message) => new(message);
}
