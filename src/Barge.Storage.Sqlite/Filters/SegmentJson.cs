using System.Globalization;
using System.Text;

namespace Barge.Storage.Sqlite.Filters;

/// <summary>
/// The in-memory segment's lists as JSON parameters of a filter statement, expanded there by <c>json_each</c>: a
/// plain array of seqs, or an array of <c>[value, [seqs]]</c> pairs whose values <c>json_extract</c> returns with
/// the storage class the posting rows give them (integer, real, text), so SQLite compares them as it compares
/// <c>postings.v</c>.
/// </summary>
internal static class SegmentJson
{
    /// <summary>Whether <paramref name="value"/> is of a type index entries hold (long, double, string).</summary>
    public static bool IsIndexValue(object value) => value is long or double or string;

    public static string Seqs(List<long> seqs)
    {
        var json = new StringBuilder(seqs.Count * 8).Append('[');
        AppendSeqs(json, seqs);
        return json.Append(']').ToString();
    }

    public static string Lists(List<(object Value, long[] Seqs)> lists)
    {
        var json = new StringBuilder(lists.Count * 24).Append('[');
        for (var i = 0; i < lists.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append('[');
            AppendValue(json, lists[i].Value);
            json.Append(",[");
            AppendSeqs(json, lists[i].Seqs);
            json.Append("]]");
        }
        return json.Append(']').ToString();
    }

    private static void AppendSeqs(StringBuilder json, IReadOnlyList<long> seqs)
    {
        for (var i = 0; i < seqs.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(seqs[i].ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void AppendValue(StringBuilder json, object value)
    {
        switch (value)
        {
            case long l:
                json.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                // json_extract gives a real only for a number with a fraction or an exponent: 1.0 must stay real,
                // as it is in postings.v, or a Like over its text would see "1" instead of "1.0".
                var text = d.ToString("R", CultureInfo.InvariantCulture);
                json.Append(text);
                if (!text.Contains('.') && !text.Contains('E')) json.Append(".0");
                break;
            default:
                AppendString(json, (string)value);
                break;
        }
    }

    /// <summary>A JSON string: only the quote, the backslash and control characters escaped, the rest as it is.</summary>
    private static void AppendString(StringBuilder json, string s)
    {
        json.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
