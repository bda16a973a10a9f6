using Sandbox.Policies.Networks;

namespace Sandbox.Policies.Parameterizations;

/// <summary>
/// What policy and classifier files store about their network — a mask over frozen weights regenerated from
/// (init, seed), or dense parameters — turned back into a parameterization and θ, so both kinds of file rebuild
/// their networks the same way.
/// </summary>
public static class SavedNetwork
{
    /// <summary>
    /// The parameterization and θ that rebuild the network: the dense parameters as they are, or for a supermask
    /// scores of ±1, which the threshold-0 rule turns back into exactly the stored mask.
    /// </summary>
    public static (IParameterization Parameterization, float[] Theta) SearchVector(
        MlpArchitecture architecture, PolicyFamily family, WeightInit init, ulong weightSeed, bool[]? mask, float[]? parameters)
    {
        if (family == PolicyFamily.Dense)
        {
            return (new DenseParameterization(architecture), parameters!);
        }
        var theta = new float[mask!.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = mask[i] ? 1f : -1f;
        }
        return (new SupermaskParameterization(architecture, init, weightSeed, new MaskRule()), theta);
    }

    /// <summary>Fraction of connections a mask prunes (0 without a mask, i.e. dense).</summary>
    public static double Sparsity(bool[]? mask) => mask is null ? 0 : 1.0 - (double)mask.Count(m => m) / mask.Length;
}
