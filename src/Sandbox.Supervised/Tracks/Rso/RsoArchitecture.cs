namespace Sandbox.Supervised.Tracks.Rso;

/// <summary>One 3×3 convolution of an RSO network (padding 1, no bias), followed by batch norm, ReLU and optionally a 2×2 average pool.</summary>
/// <param name="In">Input channels.</param>
/// <param name="Out">Output channels.</param>
/// <param name="Pool">Whether a 2×2 average pool follows the ReLU.</param>
/// <param name="Skip">
/// −1, or the convolution whose input is added to this one's batch-norm output before the ReLU (the skip connection
/// of a basic residual block; extra channels of a wider output get zeros, so the shortcut has no parameters).
/// </param>
public sealed record RsoConv(int In, int Out, bool Pool, int Skip = -1);

/// <summary>
/// The convolutional networks of the RSO paper: convolutions (each with batch norm and ReLU, some pooled, some
/// closing a residual block), global average pooling, one fully connected layer without bias to the classes.
/// </summary>
public sealed record RsoArchitecture(string Name, int Channels, int Height, int Width, IReadOnlyList<RsoConv> Convs, int Classes)
{
    /// <summary>Config names this track knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mnist6", "depth3", "depth5", "depth10"];

    /// <summary>
    /// The network <paramref name="name"/> for images of <paramref name="channels"/>×<paramref name="height"/>×<paramref name="width"/>:
    /// "mnist6" (§4.1: six 16-channel convolutions, pool after every second), "depth3"/"depth5" (Table 3: 32-32, 16-16-32-32,
    /// pool after the conv2 and conv3 stages), "depth10" (Table 3: conv1 16, then basic residual blocks of two
    /// convolutions — one of 16 (conv2), one of 32 (conv3), two of 32 (conv4) — nine convolutions in all, pool after
    /// the conv2 and conv3 stages); null when unknown.
    /// </summary>
    /// <remarks>
    /// Depth-10 as read from the paper: a block is He et al.'s basic block (conv, BN, ReLU, conv, BN, + shortcut,
    /// ReLU). The paper counts nine convolutions, so the 16→32 block's shortcut is parameter-free (identity with the
    /// new channels zero-padded, He et al.'s option A) rather than a 1×1 projection, which would be a tenth.
    /// </remarks>
    public static RsoArchitecture? Create(string name, int channels, int height, int width, int classes) => name switch
    {
        "mnist6" => new(name, channels, height, width,
            [new(channels, 16, false), new(16, 16, true), new(16, 16, false), new(16, 16, true), new(16, 16, false), new(16, 16, false)], classes),
        "depth3" => new(name, channels, height, width, [new(channels, 32, true), new(32, 32, false)], classes),
        "depth5" => new(name, channels, height, width,
            [new(channels, 16, false), new(16, 16, true), new(16, 32, true), new(32, 32, false)], classes),
        "depth10" => new(name, channels, height, width,
            [
                new(channels, 16, false),
                new(16, 16, false), new(16, 16, true, Skip: 1),
                new(16, 32, false), new(32, 32, true, Skip: 3),
                new(32, 32, false), new(32, 32, false, Skip: 5),
                new(32, 32, false), new(32, 32, false, Skip: 7),
            ], classes),
        _ => null,
    };

    /// <summary>Whether any convolution closes a residual block.</summary>
    public bool HasResidual => Convs.Any(c => c.Skip >= 0);

    /// <summary>
    /// Whether the input of convolution <paramref name="layer"/> (or, at the conv count, the last output) carries the
    /// whole state of the network: no skip connection spans it, so the rest of the network is a function of it alone.
    /// </summary>
    public bool IsBoundary(int layer)
    {
        for (int l = 0; l < Convs.Count; l++)
        {
            if (Convs[l].Skip >= 0 && Convs[l].Skip < layer && layer <= l)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The latest boundary (<see cref="IsBoundary"/>) at or before convolution <paramref name="layer"/>.</summary>
    public int BlockStart(int layer)
    {
        int p = layer;
        while (p > 0 && !IsBoundary(p))
        {
            p--;
        }
        return p;
    }

    /// <summary>Height and width of convolution <paramref name="layer"/>'s input.</summary>
    public (int Height, int Width) InputSize(int layer)
    {
        int h = Height, w = Width;
        for (int l = 0; l < layer; l++)
        {
            if (Convs[l].Pool)
            {
                h /= 2;
                w /= 2;
            }
        }
        return (h, w);
    }

    /// <summary>Floats per example at the output of layer <paramref name="layer"/> − 1 (the input of <paramref name="layer"/>; 0 = the image).</summary>
    public int InputFloats(int layer)
    {
        var (h, w) = InputSize(layer);
        return (layer == 0 ? Channels : Convs[layer - 1].Out) * h * w;
    }

    /// <summary>Searched weights: every convolution weight and the fully connected matrix (batch-norm parameters not counted).</summary>
    public long WeightCount => Convs.Sum(c => (long)c.Out * c.In * 9) + (long)Classes * Convs[^1].Out;

    /// <summary>"conv 1→16, 16→16 pool, … → global pool → fc 16→10".</summary>
    public string Describe() =>
        $"{Name}: " + string.Join(", ", Convs.Select(c => $"conv3×3 {c.In}→{c.Out}{(c.Skip >= 0 ? $" +skip from conv {c.Skip} input" : "")}{(c.Pool ? " avgpool2" : "")}")) +
        $" (each with batch norm and ReLU), global avg pool, fc {Convs[^1].Out}→{Classes}";
}
