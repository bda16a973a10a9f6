using Sandbox.Core.Perturbations;

namespace Sandbox.Policies.Networks;

/// <summary>
/// Regenerates a network's random weights from (init, seed): supermask policies store this pair,
/// never the weights. Layer <c>l</c> uses its own counter stream, so layers are independent of
/// each other's sizes.
/// </summary>
public static class FrozenWeights
{
    /// <summary>Gain for tanh networks (PyTorch's <c>calculate_gain("tanh")</c>).</summary>
    public const float TanhGain = 5f / 3f;

    /// <summary>All weights (no biases) of <paramref name="architecture"/>, layer by layer, [in, out] row-major.</summary>
    public static float[] Generate(MlpArchitecture architecture, WeightInit init, ulong seed)
    {
        var weights = new float[architecture.WeightCount];
        int offset = 0;
        for (int l = 0; l < architecture.Layers; l++)
        {
            int fanIn = architecture.Sizes[l];
            int n = fanIn * architecture.Sizes[l + 1];
            var layer = weights.AsSpan(offset, n);
            var key = new NoiseKey(seed, NoiseKey.WeightsStream, (uint)l, 0);
            switch (init)
            {
                case WeightInit.Uniform:
                    PerturbationGenerator.Fill(layer, key, 0, NoiseDistribution.Uniform, MathF.Sqrt(3f) * TanhGain / MathF.Sqrt(fanIn));
                    break;
                case WeightInit.KaimingNormal:
                    PerturbationGenerator.Fill(layer, key, 0, NoiseDistribution.Gaussian, TanhGain / MathF.Sqrt(fanIn));
                    break;
                case WeightInit.SignedKaimingConstant:
                    PerturbationGenerator.Fill(layer, key, 0, NoiseDistribution.Rademacher, TanhGain / MathF.Sqrt(fanIn));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init));
            }
            offset += n;
        }
        return weights;
    }
}
