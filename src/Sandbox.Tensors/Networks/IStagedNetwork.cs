namespace Sandbox.Tensors.Networks;

/// <summary>A batched network whose per-candidate weights are staged in CPU memory the caller writes directly.</summary>
public interface IStagedNetwork
{
    /// <summary>Number of weight layers.</summary>
    int Layers { get; }

    /// <summary>The staged weights of candidate <paramref name="slot"/> in <paramref name="layer"/>: [in, out] row-major.</summary>
    Span<float> Weights(int layer, int slot);

    /// <summary>The staged biases of candidate <paramref name="slot"/> in <paramref name="layer"/>.</summary>
    Span<float> Biases(int layer, int slot);
}
