using Sandbox.Tensors.Networks;

namespace Sandbox.Policies.Networks;

/// <summary>
/// A fully connected network: <see cref="Inputs"/> → <see cref="Hidden"/>... → <see cref="Outputs"/>, with
/// <see cref="Activation"/> after every hidden layer (tanh for policies).
/// Parameters are laid out layer by layer, each layer's [in, out] weights (row-major) followed by
/// its biases when <see cref="Bias"/> is set.
/// </summary>
public sealed record MlpArchitecture
{
    /// <summary>Largest width accepted for any layer (bounds what a policy file may ask to allocate).</summary>
    public const int MaxWidth = 65_536;

    /// <summary>Most hidden layers accepted.</summary>
    public const int MaxHiddenLayers = 16;

    /// <summary>
    /// Weights and biases allowed in one network (2^25, 128 MB as floats): far above anything evolved here, and
    /// low enough that a file or config naming a huge network is refused instead of taking gigabytes to load.
    /// </summary>
    public const int MaxParameters = 1 << 25;

    /// <summary>Creates and checks an architecture.</summary>
    public MlpArchitecture(int inputs, IReadOnlyList<int> hidden, int outputs, bool bias, Activation activation = Activation.Tanh)
    {
        if (inputs is < 1 or > MaxWidth || outputs is < 1 or > MaxWidth)
        {
            throw new ArgumentException($"layer widths must be between 1 and {MaxWidth}");
        }
        if (hidden.Count > MaxHiddenLayers)
        {
            throw new ArgumentException($"at most {MaxHiddenLayers} hidden layers");
        }
        foreach (int h in hidden)
        {
            if (h is < 1 or > MaxWidth)
            {
                throw new ArgumentException($"hidden widths must be between 1 and {MaxWidth}");
            }
        }
        Inputs = inputs;
        Hidden = [.. hidden];
        Outputs = outputs;
        Bias = bias;
        Activation = Enum.IsDefined(activation) ? activation : throw new ArgumentException("unknown activation");
        Sizes = [inputs, .. hidden, outputs];
        long weights = 0, biases = 0;
        for (int l = 0; l < Sizes.Length - 1; l++)
        {
            weights += (long)Sizes[l] * Sizes[l + 1];
            biases += bias ? Sizes[l + 1] : 0;
        }
        if (weights + biases > MaxParameters)
        {
            throw new ArgumentException($"network too large: {weights + biases:N0} parameters, at most {MaxParameters:N0}");
        }
        WeightCount = (int)weights;
        ParameterCount = (int)(weights + biases);
    }

    /// <summary>Input width (observation size).</summary>
    public int Inputs { get; }

    /// <summary>Hidden layer widths.</summary>
    public int[] Hidden { get; }

    /// <summary>Output width (discrete action count or continuous action size).</summary>
    public int Outputs { get; }

    /// <summary>Whether layers have biases.</summary>
    public bool Bias { get; }

    /// <summary>Nonlinearity after each hidden layer.</summary>
    public Activation Activation { get; }

    /// <summary>All widths: inputs, hidden..., outputs.</summary>
    public int[] Sizes { get; }

    /// <summary>Number of weight layers.</summary>
    public int Layers => Sizes.Length - 1;

    /// <summary>Connection weights only.</summary>
    public int WeightCount { get; }

    /// <summary>Weights plus biases.</summary>
    public int ParameterCount { get; }

    /// <summary>A compact text form, e.g. <c>4-64-64-2</c>.</summary>
    public string Describe() => string.Join("-", Sizes) + (Bias ? " (+bias)" : "") + (Activation == Activation.Tanh ? "" : $" ({Activations.Name(Activation)})");

    /// <inheritdoc />
    public bool Equals(MlpArchitecture? other) =>
        other is not null && Sizes.AsSpan().SequenceEqual(other.Sizes) && Bias == other.Bias && Activation == other.Activation;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Describe());
}
