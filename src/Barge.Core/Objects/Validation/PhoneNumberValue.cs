using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Objects.Validation;

/// <summary>A <c>phoneNumber</c> value: <c>{"input": "...", "defaultCountry": "nl"}</c>, expanded with the parsed parts.</summary>
internal static class PhoneNumberValue
{
    public static ValueResult Normalize(JsonNode? v)
    {
        if (GoFormat.Kind(v) != JsonValueKind.Object)
            return ValueResult.Fail($"phoneNumber must be a map, but got: {GoFormat.TypeName(v)}");
        var obj = v!.AsObject();

        if (!obj.TryGetPropertyValue("input", out var inputNode))
            return ValueResult.Fail("phoneNumber is missing required field 'input'");
        if (GoFormat.Kind(inputNode) != JsonValueKind.String)
            return ValueResult.Fail("phoneNumber.input must be a string");
        var input = inputNode!.GetValue<string>();

        var defaultCountry = "";
        if (obj.TryGetPropertyValue("defaultCountry", out var countryNode))
        {
            if (GoFormat.Kind(countryNode) != JsonValueKind.String)
                return ValueResult.Fail("phoneNumber.defaultCountry must be a string");
            defaultCountry = countryNode!.GetValue<string>().ToUpperInvariant();
        }

        var (phone, error) = PhoneNumberParser.Parse(input, defaultCountry);
        if (error is not null) return ValueResult.Fail(error);
        return ValueResult.Ok(new JsonObject
        {
            ["input"] = input,
            ["internationalFormatted"] = phone!.InternationalFormatted,
            ["countryCode"] = phone.CountryCode,
            ["national"] = phone.National,
            ["nationalFormatted"] = phone.NationalFormatted,
            ["valid"] = phone.Valid,
            ["defaultCountry"] = defaultCountry,
        });
    }
}
