using System.Text.RegularExpressions;

namespace Barge.Core.Filters;

/// <summary>
/// A filter path segment <c>len(prop)</c> compares the property's length rather than its value. It is part of the
/// filter's path language (every dialect's paths use it), so the parsers and the validator read it from here.
/// </summary>
public static partial class LengthPath
{
    /// <summary>Matches <c>len(name)</c>; group 1 is the property name.</summary>
    [GeneratedRegex(@"^len\((.*)\)$")]
    public static partial Regex Pattern();
}
