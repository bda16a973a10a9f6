using CsCheck;
using Sandbox.Core.Perturbations;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;

namespace Sandbox.Policies.Tests.Parameterizations;

public sealed class SupermaskParameterizationTests
{
    private static readonly MlpArchitecture Arch = new(8, [64, 64], 4, bias: false);

    private static float[] Scores(ulong seed)
    {
        var theta = new float[Arch.WeightCount];
        PerturbationGenerator.Fill(theta, new NoiseKey(seed, NoiseKey.InitialScoresStream, 0, 0), 0, NoiseDistribution.Gaussian);
        return theta;
    }

    [Fact]
    public void Threshold_controls_sparsity_monotonically_and_zero_gives_about_half()
    {
        var theta = Scores(1);
        double previous = -1;
        foreach (float threshold in new[] { -2f, -1f, 0f, 0.5f, 1f, 1.28f, 2f })
        {
            var p = new SupermaskParameterization(Arch, WeightInit.Uniform, 7, new MaskRule(threshold));
            double sparsity = p.Sparsity(theta);
            Assert.True(sparsity > previous, $"sparsity {sparsity} at threshold {threshold} not above {previous}");
            previous = sparsity;
            if (threshold == 0f)
            {
                Assert.InRange(sparsity, 0.48, 0.52);
            }
            if (threshold == 1.28f)
            {
                Assert.InRange(sparsity, 0.88, 0.92); // Φ(1.28) ≈ 0.90: the paper's 90 % sparsity
            }
        }
    }

    [Fact]
    public void Top_k_keeps_that_fraction_of_every_layer()
    {
        Gen.Double[0.05, 1.0].Sample(fraction =>
        {
            var p = new SupermaskParameterization(Arch, WeightInit.Uniform, 7, new MaskRule(TopFraction: fraction));
            var theta = Scores((ulong)(fraction * 1000));
            var weights = new float[64 * 64];
            var biases = new float[64];
            for (int l = 0; l < Arch.Layers; l++)
            {
                int n = Arch.Sizes[l] * Arch.Sizes[l + 1];
                p.WriteLayer(theta, l, weights.AsSpan(0, n), biases.AsSpan(0, Arch.Sizes[l + 1]));
                int kept = weights.AsSpan(0, n).ToArray().Count(w => w != 0);
                int expected = Math.Clamp((int)Math.Round(fraction * n), 1, n);
                Assert.Equal(expected, kept);
            }
        }, iter: 50);
    }

    [Fact]
    public void Masked_weights_are_the_frozen_weights_or_zero()
    {
        var p = new SupermaskParameterization(Arch, WeightInit.SignedKaimingConstant, 3, new MaskRule());
        var theta = Scores(2);
        var mask = new bool[Arch.WeightCount];
        p.WriteMask(theta, mask);
        var weights = new float[8 * 64];
        p.WriteLayer(theta, 0, weights, new float[64]);
        float constant = FrozenWeights.TanhGain / MathF.Sqrt(8);
        for (int i = 0; i < weights.Length; i++)
        {
            Assert.Equal(mask[i] ? p.Frozen[i] : 0f, weights[i]);
            Assert.Equal(constant, Math.Abs(p.Frozen[i]), 1e-6f);
        }
    }

    [Fact]
    public void Frozen_weights_are_regenerated_identically_from_the_seed()
    {
        Assert.Equal(FrozenWeights.Generate(Arch, WeightInit.KaimingNormal, 9), FrozenWeights.Generate(Arch, WeightInit.KaimingNormal, 9));
        Assert.NotEqual(FrozenWeights.Generate(Arch, WeightInit.KaimingNormal, 9), FrozenWeights.Generate(Arch, WeightInit.KaimingNormal, 10));
        var uniform = FrozenWeights.Generate(Arch, WeightInit.Uniform, 9);
        float bound = MathF.Sqrt(3) * FrozenWeights.TanhGain / MathF.Sqrt(8);
        Assert.All(uniform.AsSpan(0, 8 * 64).ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.InRange(uniform.AsSpan(0, 8 * 64).ToArray().Average(w => (double)w * w), 0.8 * FrozenWeights.TanhGain * FrozenWeights.TanhGain / 8, 1.2 * FrozenWeights.TanhGain * FrozenWeights.TanhGain / 8);
    }
}
