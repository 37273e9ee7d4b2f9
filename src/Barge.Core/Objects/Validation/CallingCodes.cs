namespace Barge.Core.Objects.Validation;

/// <summary>What Barge knows about one country's numbering plan: enough to split and sanity-check a number.</summary>
/// <param name="TrunkPrefix">Dialled before national numbers inside the country (stripped on input, shown in national format).</param>
/// <param name="MinLength">Shortest national significant number we accept as valid.</param>
/// <param name="MaxLength">Longest national significant number we accept as valid.</param>
internal sealed record NumberingPlan(int CallingCode, string TrunkPrefix, int MinLength, int MaxLength);

/// <summary>
/// Country calling codes. The full ITU list of assigned codes lets an international number be split into calling
/// code and national number without guessing (calling codes are prefix-free). Plans exist only for common
/// countries; numbers elsewhere are split and formatted but not claimed valid.
/// </summary>
internal static class CallingCodes
{
    private static readonly HashSet<int> Assigned = BuildAssigned();

    private static readonly Dictionary<string, NumberingPlan> Plans = new(StringComparer.Ordinal)
    {
        ["US"] = new(1, "", 10, 10), ["CA"] = new(1, "", 10, 10),
        ["GB"] = new(44, "0", 9, 10), ["IE"] = new(353, "0", 7, 9),
        ["DE"] = new(49, "0", 6, 13), ["FR"] = new(33, "0", 9, 9),
        ["NL"] = new(31, "0", 9, 9), ["BE"] = new(32, "0", 8, 9),
        ["IT"] = new(39, "", 6, 11), ["ES"] = new(34, "", 9, 9), ["PT"] = new(351, "", 9, 9),
        ["CH"] = new(41, "0", 9, 9), ["AT"] = new(43, "0", 4, 13),
        ["SE"] = new(46, "0", 7, 10), ["NO"] = new(47, "", 8, 8), ["DK"] = new(45, "", 8, 8),
        ["FI"] = new(358, "0", 6, 12), ["PL"] = new(48, "", 9, 9), ["RU"] = new(7, "8", 10, 10),
        ["IN"] = new(91, "0", 10, 10), ["JP"] = new(81, "0", 9, 10), ["CN"] = new(86, "0", 9, 11),
        ["KR"] = new(82, "0", 9, 10), ["AU"] = new(61, "0", 9, 9), ["NZ"] = new(64, "0", 8, 10),
        ["BR"] = new(55, "0", 10, 11), ["MX"] = new(52, "", 10, 10), ["ZA"] = new(27, "0", 9, 9),
    };

    /// <summary>For international input: the plan of the main country behind a calling code (US for +1, RU for +7).</summary>
    private static readonly Dictionary<int, NumberingPlan> PlansByCode = Plans
        .GroupBy(kv => kv.Value.CallingCode)
        .ToDictionary(g => g.Key, g => g.Select(kv => kv.Value).First());

    public static bool TryGetPlan(string isoCountry, out NumberingPlan plan) => Plans.TryGetValue(isoCountry, out plan!);

    public static NumberingPlan? PlanFor(int callingCode) => PlansByCode.GetValueOrDefault(callingCode);

    /// <summary>Splits the leading calling code off an international digit string.</summary>
    public static bool TrySplit(string digits, out int callingCode, out string nationalNumber)
    {
        for (var len = 1; len <= 3 && len < digits.Length; len++)
        {
            var code = int.Parse(digits.AsSpan(0, len), provider: System.Globalization.CultureInfo.InvariantCulture);
            if (Assigned.Contains(code))
            {
                callingCode = code;
                nationalNumber = digits[len..];
                return true;
            }
        }
        callingCode = 0;
        nationalNumber = "";
        return false;
    }

    private static HashSet<int> BuildAssigned()
    {
        int[] single = [1, 7];
        int[] two = [20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
            60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98];
        int[] three = [211, 212, 213, 216, 218, 290, 291, 297, 298, 299, 420, 421, 423, 670, 800, 808, 850, 852, 853, 855,
            856, 870, 878, 880, 881, 882, 883, 886, 888, 970, 979];
        var set = new HashSet<int>(single.Concat(two).Concat(three));
        void Range(int from, int to) { for (var c = from; c <= to; c++) set.Add(c); }
        Range(220, 258); Range(260, 269); Range(350, 359); Range(370, 383); Range(385, 387); set.Add(389);
        Range(500, 509); Range(590, 599); Range(672, 683); Range(685, 692); Range(960, 968); Range(971, 977);
        Range(992, 996); set.Add(998);
        return set;
    }
}
