using System.Text;

namespace Barge.Storage.Postgres.Filters;

/// <summary>Weaviate Like patterns (<c>*</c>, <c>?</c>, everything else literal) in PostgreSQL LIKE form.</summary>
internal static class PgLikePattern
{
    /// <summary>
    /// <c>*</c> becomes <c>%</c> and <c>?</c> becomes <c>_</c>; LIKE's own metacharacters (<c>%</c>, <c>_</c>) and its
    /// default escape character (<c>\</c>) are escaped so that they match themselves, as they do in Weaviate.
    /// </summary>
    public static string ToLike(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            switch (c)
            {
                case '*': sb.Append('%'); break;
                case '?': sb.Append('_'); break;
                case '%' or '_' or '\\': sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
