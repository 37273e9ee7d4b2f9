using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Client.Wire;
using nietras.SeparatedValues;

namespace Barge.Cli.Import;

/// <summary>
/// CSV cells are text; this gives them their JSON type: the class's property type when the schema has the column,
/// else inferred from the cell (<c>true</c>/<c>false</c>, a number that reads back the same, JSON arrays and objects,
/// else text). An empty cell is left out.
/// </summary>
public static class CsvTyping
{
    public enum CellType { Infer, Text, Integer, Number, Boolean, Json }

    public static CellType[] ForColumns(string[] columns, ClassDefinition? schema)
    {
        var declared = schema?.Properties?.ToDictionary(p => p.Name, p => p.DataType.FirstOrDefault() ?? "", StringComparer.Ordinal) ?? [];
        return [.. columns.Select(c => declared.TryGetValue(c, out var type) ? Of(type) : CellType.Infer)];
    }

    private static CellType Of(string dataType) => dataType switch
    {
        "text" or "string" or "uuid" or "date" or "blob" => CellType.Text,
        "int" => CellType.Integer,
        "number" => CellType.Number,
        "boolean" => CellType.Boolean,
        _ when dataType.EndsWith("[]", StringComparison.Ordinal) => CellType.Json,
        "geoCoordinates" or "phoneNumber" or "object" => CellType.Json,
        _ => CellType.Infer, // a cross-reference class name or something new: let the cell say
    };

    public static InputRecord Record(SepReader.Row row, string[] columns, CellType[] types)
    {
        var line = row.LineNumberFrom;
        var record = new JsonObject();
        var count = Math.Min(row.ColCount, columns.Length);
        for (var i = 0; i < count; i++)
        {
            var cell = row[i].ToString();
            if (cell.Length == 0) continue;
            var (value, error) = Convert(cell, types[i]);
            if (error is not null) return new InputRecord(line, null, $"column '{columns[i]}': {error}", row.Span.ToString());
            record[columns[i]] = value;
        }
        return new InputRecord(line, record);
    }

    private static (JsonNode? Value, string? Error) Convert(string cell, CellType type)
    {
        switch (type)
        {
            case CellType.Text: return (JsonValue.Create(cell), null);
            case CellType.Integer:
                return long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? (JsonValue.Create(l), null) : (null, $"'{cell}' is not an integer");
            case CellType.Number:
                return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (JsonValue.Create(d), null) : (null, $"'{cell}' is not a number");
            case CellType.Boolean:
                return bool.TryParse(cell, out var b) ? (JsonValue.Create(b), null) : (null, $"'{cell}' is not true or false");
            case CellType.Json:
                try
                {
                    return (JsonNode.Parse(cell), null);
                }
                catch (JsonException ex)
                {
                    return (null, $"'{cell}' is not JSON: {ex.Message}");
                }
            default: return (Infer(cell), null);
        }
    }

    private static JsonNode? Infer(string cell)
    {
        if (cell is "true" or "false") return JsonValue.Create(cell == "true");
        // Only numbers that read back as written: "007" and "1e3" stay text, as a zip code or a code should.
        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l.ToString(CultureInfo.InvariantCulture) == cell)
            return JsonValue.Create(l);
        if (double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            && d.ToString(CultureInfo.InvariantCulture) == cell)
            return JsonValue.Create(d);
        if (cell[0] is '[' or '{')
        {
            try
            {
                return JsonNode.Parse(cell);
            }
            catch (JsonException)
            {
                // Text that merely starts with a bracket.
            }
        }
        return JsonValue.Create(cell);
    }
}
