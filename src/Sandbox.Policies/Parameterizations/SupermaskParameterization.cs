using Sandbox.Policies.Networks;

namespace Sandbox.Policies.Parameterizations;

/// <summary>
/// θ is one real-valued score per connection of a frozen random network; the network used is the
/// frozen weights times the binary mask the <see cref="MaskRule"/> derives from the scores
/// (supermask-es §4.1; edge-popup's top-k% per layer). No biases.
/// </summary>
public sealed class SupermaskParameterization : IParameterization
{
    private readonly float[] _frozen;
    private readonly int[] _offsets;
    [ThreadStatic] private static float[]? _sortBuffer;
    [ThreadStatic] private static bool[]? _maskBuffer;

    /// <summary>Builds the parameterization over weights regenerated from (<paramref name="init"/>, <paramref name="weightSeed"/>).</summary>
    public SupermaskParameterization(MlpArchitecture architecture, WeightInit init, ulong weightSeed, MaskRule rule)
    {
        if (architecture.Bias)
        {
            throw new ArgumentException("supermask networks have no biases", nameof(architecture));
        }
        Architecture = architecture;
        Init = init;
        WeightSeed = weightSeed;
        Rule = rule;
        _frozen = FrozenWeights.Generate(architecture, init, weightSeed);
        _offsets = new int[architecture.Layers + 1];
        for (int l = 0; l < architecture.Layers; l++)
        {
            _offsets[l + 1] = _offsets[l] + architecture.Sizes[l] * architecture.Sizes[l + 1];
        }
    }

    /// <summary>The network shape.</summary>
    public MlpArchitecture Architecture { get; }

    /// <summary>The frozen weights' distribution.</summary>
    public WeightInit Init { get; }

    /// <summary>The frozen weights' seed.</summary>
    public ulong WeightSeed { get; }

    /// <summary>How scores become the mask.</summary>
    public MaskRule Rule { get; }

    /// <summary>The frozen weights (read-only view).</summary>
    public ReadOnlySpan<float> Frozen => _frozen;

    /// <inheritdoc />
    public int ParameterCount => Architecture.WeightCount;

    /// <inheritdoc />
    public void WriteLayer(ReadOnlySpan<float> theta, int layer, Span<float> weights, Span<float> biases)
    {
        int start = _offsets[layer];
        int n = _offsets[layer + 1] - start;
        var scores = theta.Slice(start, n);
        var frozen = _frozen.AsSpan(start, n);
        float cut = LayerThreshold(scores);
        for (int i = 0; i < n; i++)
        {
            weights[i] = scores[i] > cut ? frozen[i] : 0f;
        }
        biases.Clear();
    }

    /// <summary>Writes the mask (true = connection kept) for all layers; returns how many connections are kept.</summary>
    public int WriteMask(ReadOnlySpan<float> theta, Span<bool> mask)
    {
        int kept = 0;
        for (int l = 0; l < Architecture.Layers; l++)
        {
            int start = _offsets[l];
            int n = _offsets[l + 1] - start;
            var scores = theta.Slice(start, n);
            float cut = LayerThreshold(scores);
            for (int i = 0; i < n; i++)
            {
                bool keep = scores[i] > cut;
                mask[start + i] = keep;
                kept += keep ? 1 : 0;
            }
        }
        return kept;
    }

    /// <inheritdoc />
    public double Sparsity(ReadOnlySpan<float> theta)
    {
        var mask = _maskBuffer is { } b && b.Length >= Architecture.WeightCount ? b : (_maskBuffer = new bool[Architecture.WeightCount]);
        return 1.0 - (double)WriteMask(theta, mask) / Architecture.WeightCount;
    }

    /// <summary>The score a connection of this layer must exceed to be kept.</summary>
    private float LayerThreshold(ReadOnlySpan<float> scores)
    {
        if (Rule.TopFraction is not { } fraction)
        {
            return Rule.Threshold;
        }
        int keep = Math.Clamp((int)Math.Round(fraction * scores.Length), 1, scores.Length);
        if (keep == scores.Length)
        {
            return float.NegativeInfinity;
        }
        var buffer = _sortBuffer is { } b && b.Length >= scores.Length ? b : (_sortBuffer = new float[Math.Max(scores.Length, 1024)]);
        var sorted = buffer.AsSpan(0, scores.Length);
        scores.CopyTo(sorted);
        sorted.Sort();
        // Keep the `keep` largest: everything strictly above the largest score that is dropped.
        return sorted[scores.Length - keep - 1];
    }
}
