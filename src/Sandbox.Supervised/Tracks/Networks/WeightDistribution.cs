using Sandbox.Core.Perturbations;

namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>
/// The frozen random weights of edge-popup (the paper's §4.1 and §4.5), all from a <see cref="NoiseKey"/> stream:
/// σ_k = √(2 / fan_in) (Kaiming, ReLU gain). Scaled variants divide σ_k by √k so a layer keeping the fraction k of
/// its inputs has the forward variance Kaiming derived for the full layer (the paper's text says "by 1/k"; the
/// variance argument it gives, Var ∝ fan_in·σ², calls for 1/√k).
/// </summary>
public enum WeightDistribution
{
    /// <summary>±σ_k with a random sign (U_k in the paper), the default.</summary>
    SignedConstant,
    /// <summary>N(0, σ_k²) (N_k).</summary>
    KaimingNormal,
    /// <summary>±σ_k/√k.</summary>
    ScaledSignedConstant,
    /// <summary>N(0, σ_k²/k).</summary>
    ScaledKaimingNormal,
}

/// <summary>Names and generation of <see cref="WeightDistribution"/>.</summary>
public static class WeightDistributions
{
    /// <summary>Config spellings, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["signed-constant", "kaiming-normal", "scaled-signed-constant", "scaled-kaiming-normal"];

    /// <summary>Parses a config spelling; null when unknown.</summary>
    public static WeightDistribution? Parse(string? name)
    {
        int i = name is null ? -1 : Names.ToList().IndexOf(name);
        return i < 0 ? null : (WeightDistribution)i;
    }

    /// <summary>The standard deviation of the distribution for <paramref name="fanIn"/> inputs at keep fraction <paramref name="keep"/>.</summary>
    public static double StandardDeviation(WeightDistribution distribution, int fanIn, double keep)
    {
        double sigma = Math.Sqrt(2.0 / fanIn);
        return distribution is WeightDistribution.ScaledSignedConstant or WeightDistribution.ScaledKaimingNormal ? sigma / Math.Sqrt(keep) : sigma;
    }

    /// <summary>Fills <paramref name="weights"/> with the distribution, drawn from the vector named by <paramref name="key"/>.</summary>
    public static void Fill(Span<float> weights, WeightDistribution distribution, int fanIn, double keep, NoiseKey key)
    {
        float sigma = (float)StandardDeviation(distribution, fanIn, keep);
        var noise = distribution is WeightDistribution.SignedConstant or WeightDistribution.ScaledSignedConstant
            ? NoiseDistribution.Rademacher
            : NoiseDistribution.Gaussian;
        PerturbationGenerator.Fill(weights, key, 0, noise, sigma);
    }
}
