using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// A validation message whose offending values are kept as data (<see cref="ShownValue"/>) instead of text, because
/// how a value is printed in a message is a dialect's wording, not a rule of the domain: Weaviate prints them as its
/// Go code prints the decoded value, and clients compare those strings. Written as an interpolated string
/// (<c>$"not a string, but {Shown.TypeOf(v)}"</c>); a message may hold another (a property's message wraps its value's).
/// Turned into text once, by <see cref="Render"/>, with the wording the host gives (<see cref="IValueWording"/>).
/// </summary>
[InterpolatedStringHandler]
public sealed class ValueMessage
{
    private readonly List<object> _parts;

    /// <summary>
    /// What kind of failure the message reports, for code that must branch on it (the text is for people): a bad value
    /// unless the check that wrote it says otherwise (<see cref="As"/>); a message that wraps another takes its kind.
    /// </summary>
    public Errors.ItemErrorCode Code { get; private set; } = Errors.ItemErrorCode.InvalidValue;

    public ValueMessage As(Errors.ItemErrorCode code)
    {
        Code = code;
        return this;
    }

    public ValueMessage(int literalLength, int formattedCount) => _parts = new(formattedCount * 2 + 1);

    private ValueMessage(string text) => _parts = [text];

    public void AppendLiteral(string text) => _parts.Add(text);

    public void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case ValueMessage inner:
                _parts.Add(inner);
                if (inner.Code != Errors.ItemErrorCode.InvalidValue) Code = inner.Code;
                break;
            case ShownValue:
                _parts.Add(value);
                break;
            case IFormattable formattable:
                _parts.Add(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                _parts.Add(value?.ToString() ?? "");
                break;
        }
    }

    public static implicit operator ValueMessage(string text) => new(text);

    /// <summary>The message's text, its values printed by <paramref name="wording"/>.</summary>
    public string Render(IValueWording wording)
    {
        var sb = new StringBuilder();
        Render(sb, wording);
        return sb.ToString();
    }

    private void Render(StringBuilder sb, IValueWording wording)
    {
        foreach (var part in _parts)
        {
            switch (part)
            {
                case string text: sb.Append(text); break;
                case ShownValue shown: sb.Append(wording.Show(shown)); break;
                case ValueMessage inner: inner.Render(sb, wording); break;
            }
        }
    }
}

/// <summary>How a message shows a value: its type, or the value itself in one of three forms.</summary>
public enum ValueView
{
    /// <summary>The value's type (Weaviate: Go's <c>%T</c>).</summary>
    TypeOf,

    /// <summary>The value as plain text (Weaviate: Go's <c>%v</c>).</summary>
    Plain,

    /// <summary>A list of values as text, where a non-text member shows as a mismatch (Weaviate: Go's <c>%s</c>).</summary>
    AsText,

    /// <summary>The value as source literal (Weaviate: Go's <c>%#v</c>).</summary>
    Literal,
}

/// <summary>An offending value in a <see cref="ValueMessage"/>: the value as sent, and how the message shows it.</summary>
public readonly record struct ShownValue(JsonElement Value, ValueView View);

/// <summary>Short names for the values a message shows.</summary>
public static class Shown
{
    public static ShownValue TypeOf(JsonElement value) => new(value, ValueView.TypeOf);
    public static ShownValue Plain(JsonElement value) => new(value, ValueView.Plain);
    public static ShownValue AsText(JsonElement value) => new(value, ValueView.AsText);
    public static ShownValue Literal(JsonElement value) => new(value, ValueView.Literal);
}

/// <summary>
/// The port through which a host words the values in validation messages (Barge.Server's Weaviate dialect prints them
/// as Weaviate does, since every dialect answers with Weaviate's validation texts).
/// </summary>
public interface IValueWording
{
    string Show(ShownValue value);
}
