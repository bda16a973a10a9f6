using System.Text;

namespace Sandbox.Cli.Tests.Fuzzing;

/// <summary>
/// Seeded damage for fuzzing: bit flips, random bytes, MessagePack tokens chosen to hurt (nil, NaN, ±∞,
/// huge lengths, extreme integers), deletions, duplications and truncation; and the same spirit for JSON text.
/// </summary>
internal static class InputMutator
{
    private static readonly byte[][] Tokens =
    [
        [0xc0], // nil
        [0xc2], [0xc3], // false, true
        [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], // double NaN
        [0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0], // double +∞
        [0xcb, 0xff, 0xf0, 0, 0, 0, 0, 0, 0], // double −∞
        [0xcb, 0x7f, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // double max
        [0xca, 0x7f, 0xc0, 0, 0], // float NaN
        [0xca, 0x7f, 0x7f, 0xff, 0xff], // float max (3.4e38)
        [0xca, 0xff, 0x7f, 0xff, 0xff], // float −max
        [0xce, 0xff, 0xff, 0xff, 0xff], // uint32 max
        [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // uint64 max
        [0xd2, 0x80, 0, 0, 0], // int32 min
        [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0], // int64 min
        [0xdd, 0x7f, 0xff, 0xff, 0xff], // array32 claiming 2^31 elements
        [0xdc, 0xff, 0xff], // array16 claiming 65535 elements
        [0xdb, 0x7f, 0xff, 0xff, 0xff], // str32 claiming 2 GB
        [0xc6, 0x7f, 0xff, 0xff, 0xff], // bin32 claiming 2 GB
        [0xdf, 0x7f, 0xff, 0xff, 0xff], // map32 claiming 2^31 pairs
        [0xa3, (byte)'a', (byte)'\n', (byte)'b'], // a string with a newline
        [0x00], [0x7f], [0xff], [0x90], [0x80],
    ];

    public static byte[] Mutate(byte[] input, Random rng)
    {
        var bytes = new List<byte>(input);
        int edits = 1 + rng.Next(3);
        for (int k = 0; k < edits && bytes.Count > 0; k++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(8))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)rng.Next(256);
                    break;
                case 2:
                    bytes.InsertRange(at, Tokens[rng.Next(Tokens.Length)]);
                    break;
                case 3:
                case 4:
                    var token = Tokens[rng.Next(Tokens.Length)];
                    for (int i = 0; i < token.Length && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = token[i];
                    }
                    break;
                case 5:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + rng.Next(16)));
                    break;
                case 6:
                    int length = Math.Min(bytes.Count - at, 1 + rng.Next(64));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }

    private static readonly string[] JsonValues =
    [
        "null", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "-1e308", "1e-320", "-1", "0", "2147483648",
        "99999999999999999999999", "\"\"", "\"a\\nb\"", "[]", "{}", "true", "[65536,65536]", "[0]", "\"cuda:99\"",
        "1.5", "\"" + new string('x', 5000) + "\"",
    ];

    public static string MutateJson(string json, Random rng)
    {
        var text = new StringBuilder(json);
        int edits = 1 + rng.Next(3);
        for (int k = 0; k < edits && text.Length > 0; k++)
        {
            int at = rng.Next(text.Length);
            switch (rng.Next(6))
            {
                case 0:
                case 1:
                    // Replace the value after a colon.
                    int colon = text.ToString().IndexOf(':', at);
                    if (colon < 0)
                    {
                        goto case 2;
                    }
                    int end = colon + 1;
                    int depth = 0;
                    while (end < text.Length && !(depth == 0 && (text[end] is ',' or '}')))
                    {
                        depth += text[end] is '[' or '{' ? 1 : text[end] is ']' or '}' ? -1 : 0;
                        end++;
                    }
                    text.Remove(colon + 1, end - colon - 1).Insert(colon + 1, " " + JsonValues[rng.Next(JsonValues.Length)]);
                    break;
                case 2:
                    text.Remove(at, Math.Min(text.Length - at, 1 + rng.Next(8)));
                    break;
                case 3:
                    text.Insert(at, "{}[],:\"0-9ae\\\n"[rng.Next(14)]);
                    break;
                case 4:
                    // A section or value nested far deeper than any config.
                    int levels = 1 + rng.Next(2000);
                    text.Insert(at, new string('[', levels) + new string(']', levels));
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }
        return text.ToString();
    }
}
