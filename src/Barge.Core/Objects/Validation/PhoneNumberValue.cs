using System.Text.Json;

namespace Barge.Core.Objects.Validation;

/// <summary>A <c>phoneNumber</c> value: <c>{"input": "...", "defaultCountry": "nl"}</c>, expanded with the parsed parts.</summary>
internal static class PhoneNumberValue
{
    public static ValueResult Normalize<T>(T v, Utf8JsonWriter w) where T : struct, ISentValue<T>
    {
        if (JsonValues.Kind(v) != JsonValueKind.Object)
            return ValueResult.Fail($"phoneNumber must be a map, but got: {Shown.TypeOf(v.ToJson())}");

        if (!v.TryGetMember("input", out var inputNode))
            return ValueResult.Fail("phoneNumber is missing required field 'input'");
        if (inputNode.Kind != JsonValueKind.String)
            return ValueResult.Fail("phoneNumber.input must be a string");
        var input = inputNode.GetString();

        var defaultCountry = "";
        if (v.TryGetMember("defaultCountry", out var countryNode))
        {
            if (countryNode.Kind != JsonValueKind.String)
                return ValueResult.Fail("phoneNumber.defaultCountry must be a string");
            defaultCountry = countryNode.GetString().ToUpperInvariant();
        }

        var (phone, error) = PhoneNumberParser.Parse(input, defaultCountry);
        if (error is not null) return ValueResult.Fail(error);
        w.WriteStartObject();
        w.WriteString("input", input);
        w.WriteString("internationalFormatted", phone!.InternationalFormatted);
        w.WriteNumber("countryCode", phone.CountryCode);
        w.WriteNumber("national", phone.National);
        w.WriteString("nationalFormatted", phone.NationalFormatted);
        w.WriteBoolean("valid", phone.Valid);
        w.WriteString("defaultCountry", defaultCountry);
        w.WriteEndObject();
        return ValueResult.Ok;
    }
}
