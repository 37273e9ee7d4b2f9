namespace Barge.Storage.Postgres;

/// <summary>
/// How postings_num keeps a number (Migrations/0006_exact_integers.sql): <c>v</c>, the nearest double, and
/// <c>v_rest</c>, what an integer holds beyond it (the integer minus <c>v</c>, exact; 0 for a double). Compared as the
/// pair, integers are exact past 2^53 (as in the SQLite store) and a double compares with an integer by value: a double
/// below the integer's nearest double is below the integer, and one equal to it is above, equal or below as the
/// rest is negative, zero or positive.
/// </summary>
internal static class PgNumbers
{
    /// <summary>An index value as postings_num's writers key it: an integer as <see cref="long"/>, any other number as <see cref="double"/>.</summary>
    public static object Normalize(object value) => value switch
    {
        // Each arm boxed as itself: a switch of long and double arms would make every result a double.
        long => value,
        double => value,
        int i => (object)(long)i,
        bool b => b ? 1L : 0L,
        float f => (object)(double)f,
        _ => throw new NotSupportedException($"index value of type {value.GetType().Name}"),
    };

    /// <summary>The column <c>v</c> of a value <see cref="Normalize"/> gave.</summary>
    public static double Nearest(object normalized) => normalized is long l ? l : (double)normalized;

    /// <summary>The column <c>v_rest</c> of a value <see cref="Normalize"/> gave.</summary>
    public static long Rest(object normalized) =>
        // Int128: the double nearest to long.MaxValue is 2^63, which a long cannot hold.
        normalized is long l ? (long)((Int128)l - (Int128)(double)l) : 0;
}

/// <summary>A filter value for postings_num's pair of columns (see <see cref="PgNumbers"/>).</summary>
internal readonly record struct PgNumber(double Nearest, long Rest)
{
    public static PgNumber Of(object value)
    {
        var normalized = PgNumbers.Normalize(value);
        return new PgNumber(PgNumbers.Nearest(normalized), PgNumbers.Rest(normalized));
    }
}
