using System.Text;

namespace Sandbox.Core.Files;

/// <summary>
/// One kind of Sandbox file: its 8-byte magic, format version, a description for messages, and a hint
/// for someone who handed it to the wrong command.
/// </summary>
public sealed record FileKind(string Magic, ushort Version, string Description, string Hint = "")
{
    /// <summary>Saved control policies (<c>sandbox replay</c>).</summary>
    public static FileKind Policy { get; } = new("SBXPOLCY", 1, "policy file", " (replay it with `sandbox replay`)");

    /// <summary>Saved image classifiers (<c>sandbox eval</c>).</summary>
    public static FileKind Classifier { get; } = new("SBXMODEL", 1, "classifier model file", " (evaluate it with `sandbox eval`)");

    /// <summary>Run checkpoints (<c>sandbox evolve --resume</c>).</summary>
    public static FileKind Checkpoint { get; } = new("SBXCHKPT", 2, "checkpoint", " (continue it with `--resume RUN_DIRECTORY`)");

    private static readonly FileKind[] Known = [Policy, Classifier, Checkpoint];

    /// <summary>The known kind whose magic starts <paramref name="header"/>, if any.</summary>
    public static FileKind? FromMagic(ReadOnlySpan<byte> header)
    {
        foreach (var kind in Known)
        {
            if (header.Length >= 8 && header[..8].SequenceEqual(Encoding.ASCII.GetBytes(kind.Magic)))
            {
                return kind;
            }
        }
        return null;
    }
}
