using Sandbox.Policies.Networks;

namespace Sandbox.Policies.Parameterizations;

/// <summary>θ is the network itself: each layer's weights then its biases.</summary>
public sealed class DenseParameterization(MlpArchitecture architecture) : IParameterization
{
    /// <summary>The network shape.</summary>
    public MlpArchitecture Architecture { get; } = architecture;

    /// <inheritdoc />
    public int ParameterCount => Architecture.ParameterCount;

    /// <inheritdoc />
    public void WriteLayer(ReadOnlySpan<float> theta, int layer, Span<float> weights, Span<float> biases)
    {
        int offset = 0;
        for (int l = 0; l < layer; l++)
        {
            offset += LayerLength(l);
        }
        int n = Architecture.Sizes[layer] * Architecture.Sizes[layer + 1];
        theta.Slice(offset, n).CopyTo(weights);
        if (Architecture.Bias)
        {
            theta.Slice(offset + n, Architecture.Sizes[layer + 1]).CopyTo(biases);
        }
        else
        {
            biases.Clear();
        }
    }

    /// <inheritdoc />
    public double Sparsity(ReadOnlySpan<float> theta) => 0;

    /// <summary>Parameters of one layer (weights and biases).</summary>
    public int LayerLength(int layer) =>
        Architecture.Sizes[layer] * Architecture.Sizes[layer + 1] + (Architecture.Bias ? Architecture.Sizes[layer + 1] : 0);
}
