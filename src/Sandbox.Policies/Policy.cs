using Sandbox.Policies.Networks;
using Sandbox.Policies.Normalization;
using Sandbox.Policies.Parameterizations;

namespace Sandbox.Policies;

/// <summary>
/// A saved policy: the network shape, either a mask over regenerated frozen weights or the dense
/// parameters, observation normalisation, and provenance. What a policy file holds.
/// </summary>
public sealed record Policy
{
    /// <summary>Environment id the policy was trained on.</summary>
    public required string EnvId { get; init; }

    /// <summary>Network shape.</summary>
    public required MlpArchitecture Architecture { get; init; }

    /// <summary>Whether the outputs are argmax'ed into a discrete action (else squashed into a box).</summary>
    public required bool DiscreteActions { get; init; }

    /// <summary>Supermask or dense.</summary>
    public required PolicyFamily Family { get; init; }

    /// <summary>Frozen weight distribution (supermask).</summary>
    public WeightInit Init { get; init; } = WeightInit.Uniform;

    /// <summary>Frozen weight seed (supermask).</summary>
    public ulong WeightSeed { get; init; }

    /// <summary>The mask, one flag per connection (supermask).</summary>
    public bool[]? Mask { get; init; }

    /// <summary>All parameters (dense).</summary>
    public float[]? Parameters { get; init; }

    /// <summary>Observation normalisation applied before the network, if any.</summary>
    public ObservationNormalizer? Normalizer { get; init; }

    /// <summary>Where it came from.</summary>
    public Provenance Provenance { get; init; } = new();

    /// <summary>Fraction of connections pruned (0 for dense).</summary>
    public double Sparsity => SavedNetwork.Sparsity(Mask);

    /// <summary>Parameters of the network the policy runs (connections kept, or all dense parameters).</summary>
    public int EffectiveParameters => Mask is null ? Architecture.ParameterCount : Mask.Count(m => m);

    /// <summary>
    /// The parameterization and search vector that reproduce this policy's network: for a supermask,
    /// scores of ±1 under the threshold-0 rule give back exactly the stored mask.
    /// </summary>
    public (IParameterization Parameterization, float[] Theta) ToSearchVector() =>
        SavedNetwork.SearchVector(Architecture, Family, Init, WeightSeed, Mask, Parameters);
}
