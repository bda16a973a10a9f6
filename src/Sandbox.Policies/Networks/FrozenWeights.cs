using Sandbox.Core.Perturbations;
using Sandbox.Tensors.Networks;

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

    /// <summary>The init gain for a hidden activation (PyTorch's <c>calculate_gain</c>): tanh 5/3, ReLU √2, sigmoid 1.</summary>
    public static float Gain(Activation activation) => activation switch
    {
        Activation.Relu => MathF.Sqrt(2f),
        Activation.Sigmoid => 1f,
        _ => TanhGain,
    };

    /// <summary>All weights (no biases) of <paramref name="architecture"/>, layer by layer, [in, out] row-major.</summary>
    public static float[] Generate(MlpArchitecture architecture, WeightInit init, ulong seed)
    {
        var weights = new float[architecture.WeightCount];
        float gain = Gain(architecture.Activation);
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
                    PerturbationGenerator.Fill(layer, key, 0, NoiseDistribution.Uniform, MathF.Sqrt(3f) * gain / MathF.Sqrt(fanIn));
                    break;
                case WeightInit.KaimingNormal:
                    PerturbationGenerator.Fill(layer, key, 0, NoiseDistribution.Gaussian, gain / MathF.Sqrt(fanIn));
                    break;
                case WeightInit.SignedKaimingConstant:
                    PerturbationGenerator.Fill(layer, key, 0, NoiseDistribution.Rademacher, gain / MathF.Sqrt(fanIn));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init));
            }
            offset += n;
        }
        return weights;
    }
}
