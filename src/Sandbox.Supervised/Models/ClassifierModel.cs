using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;

namespace Sandbox.Supervised.Models;

/// <summary>
/// A saved image classifier: the dataset it was trained for, the network, either a mask over frozen weights
/// regenerated from (init, seed) or the dense parameters, and where it came from. What a classifier model file holds.
/// </summary>
public sealed record ClassifierModel
{
    /// <summary>Dataset name (its normalisation and input shape).</summary>
    public required string Dataset { get; init; }

    /// <summary>Network shape and activation.</summary>
    public required MlpArchitecture Architecture { get; init; }

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

    /// <summary>Where it came from (config, algorithm or track, seed, generation, fitness, validation accuracy, samples).</summary>
    public required ArtifactProvenance Provenance { get; init; }

    /// <summary>Fraction of connections pruned (0 for dense).</summary>
    public double Sparsity => SavedNetwork.Sparsity(Mask);

    /// <summary>The parameterization and θ that rebuild this network (scores ±1 under the threshold-0 rule give back the mask).</summary>
    public (IParameterization Parameterization, float[] Theta) ToSearchVector() =>
        SavedNetwork.SearchVector(Architecture, Family, Init, WeightSeed, Mask, Parameters);
}
