namespace Sandbox.Policies.Parameterizations;

/// <summary>
/// How a search vector θ (what evolution perturbs) becomes network weights: directly (dense) or as
/// scores selecting a binary mask over frozen weights (supermask).
/// </summary>
public interface IParameterization
{
    /// <summary>Length of θ.</summary>
    int ParameterCount { get; }

    /// <summary>Writes layer <paramref name="layer"/>'s effective weights ([in, out]) and biases from <paramref name="theta"/>.</summary>
    void WriteLayer(ReadOnlySpan<float> theta, int layer, Span<float> weights, Span<float> biases);

    /// <summary>Fraction of connection weights that are zero in the network θ describes (0 for dense).</summary>
    double Sparsity(ReadOnlySpan<float> theta);
}
