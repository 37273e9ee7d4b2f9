using System.Globalization;

namespace Barge.Core.Objects.Validation;

/// <summary>The parsed parts of a phone number, as Weaviate exposes them.</summary>
internal sealed record ParsedPhoneNumber(int CountryCode, ulong National, string NationalFormatted,
    string InternationalFormatted, bool Valid);

/// <summary>
/// A deliberately small phone-number parser (Weaviate uses libphonenumber, which Core cannot take on).
/// It understands <c>+&lt;calling code&gt;&lt;number&gt;</c> and national numbers with a known <c>defaultCountry</c>.
/// <c>valid</c> only claims what was checked: a known numbering plan and a plausible length. Anything it cannot
/// split honestly is reported with <c>valid=false</c> and zeroed parts instead of invented digits.
/// </summary>
internal static class PhoneNumberParser
{
    private const string InvalidCountry =
        "invalid phone number: invalid or missing defaultCountry - this field is optional if the specified number is in the international format, but required if the number is in national format, use ISO 3166-1 alpha-2";

    /// <summary>Longest digit string libphonenumber accepts; longer input is not a phone number.</summary>
    private const int MaxDigits = 17;

    public static (ParsedPhoneNumber? Phone, string? Error) Parse(string input, string defaultCountry)
    {
        var trimmed = input.Trim();
        var international = trimmed.StartsWith('+');
        var digits = ExtractDigits(international ? trimmed[1..] : trimmed);
        if (digits is null || digits.Length == 0)
            return (null, "invalid phone number: the string supplied did not seem to be a phone number");
        if (digits.Length > MaxDigits)
            return (null, "invalid phone number: the string supplied is too long to be a phone number");

        return international ? ParseInternational(digits) : ParseNational(digits, defaultCountry);
    }

    private static (ParsedPhoneNumber?, string?) ParseInternational(string digits)
    {
        if (!CallingCodes.TrySplit(digits, out var code, out var nsn)) return (null, InvalidCountry);
        if (nsn.Length < 2) return (null, "invalid phone number: the string supplied is too short to be a phone number");
        return (Build(code, nsn, CallingCodes.PlanFor(code)), null);
    }

    private static (ParsedPhoneNumber?, string?) ParseNational(string digits, string defaultCountry)
    {
        if (defaultCountry.Length != 2 || !defaultCountry.All(char.IsAsciiLetterUpper)) return (null, InvalidCountry);
        // A real ISO code we have no plan for: we cannot know its calling code, so say "not valid" rather than guess.
        if (!CallingCodes.TryGetPlan(defaultCountry, out var plan)) return (new ParsedPhoneNumber(0, 0, "", "", false), null);

        var nsn = digits;
        if (plan.CallingCode == 1 && nsn.Length == 11 && nsn[0] == '1') nsn = nsn[1..];
        else if (plan.TrunkPrefix.Length > 0 && nsn.StartsWith(plan.TrunkPrefix, StringComparison.Ordinal)) nsn = nsn[plan.TrunkPrefix.Length..];
        if (nsn.Length < 2) return (null, "invalid phone number: the string supplied is too short to be a phone number");
        return (Build(plan.CallingCode, nsn, plan), null);
    }

    private static ParsedPhoneNumber Build(int code, string nsn, NumberingPlan? plan)
    {
        var national = ulong.Parse(nsn, CultureInfo.InvariantCulture);
        // A national number that still starts with the trunk prefix ("+44 020…") was mistyped.
        var valid = plan is not null && nsn.Length >= plan.MinLength && nsn.Length <= plan.MaxLength
            && (plan.TrunkPrefix.Length == 0 || !nsn.StartsWith(plan.TrunkPrefix, StringComparison.Ordinal));
        if (code == 1 && valid)
        {
            // North American numbering: area code and exchange never start with 0 or 1.
            valid = nsn[0] >= '2' && nsn[3] >= '2';
            if (valid)
                return new ParsedPhoneNumber(code, national, $"({nsn[..3]}) {nsn[3..6]}-{nsn[6..]}",
                    $"+1 {nsn[..3]}-{nsn[3..6]}-{nsn[6..]}", true);
        }
        var trunk = plan?.TrunkPrefix ?? "";
        return new ParsedPhoneNumber(code, national, trunk + nsn, $"+{code} {nsn}", valid);
    }

    /// <summary>Digits of the input, ignoring the usual separators; null if anything else appears.</summary>
    private static string? ExtractDigits(string s)
    {
        var chars = new List<char>(s.Length);
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c)) chars.Add(c);
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/')) return null;
        }
        return new string(chars.ToArray());
    }
}
