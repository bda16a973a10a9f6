using System.Text;

namespace Sandbox.Core.Text;

/// <summary>
/// Values echoed into one-line error messages: quoted, control characters (newlines included) escaped
/// and long values cut, so a hostile file name or field can never turn one error line into several.
/// </summary>
public static class Quoted
{
    /// <summary>Longest part of a value shown.</summary>
    public const int MaxLength = 200;

    /// <summary><paramref name="value"/> in single quotes, escaped and cut to <see cref="MaxLength"/> characters.</summary>
    public static string Value(string? value)
    {
        if (value is null)
        {
            return "null";
        }
        var text = new StringBuilder("'");
        foreach (char c in value.Length > MaxLength ? value[..MaxLength] : value)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        text.Append(value.Length > MaxLength ? "…'" : "'");
        return text.ToString();
    }

    /// <summary>An exception message flattened to one line and cut.</summary>
    public static string Message(string message)
    {
        string line = message.ReplaceLineEndings(" ");
        return line.Length > 4 * MaxLength ? line[..(4 * MaxLength)] + "…" : line;
    }
}
