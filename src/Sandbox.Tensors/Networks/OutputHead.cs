namespace Sandbox.Tensors.Networks;

/// <summary>What the last layer of a <see cref="BatchedMlp"/> produces.</summary>
public enum OutputHead
{
    /// <summary>The index of the largest output (discrete actions).</summary>
    ArgMax,
    /// <summary>tanh of each output, in (-1, 1) (continuous actions, scaled to bounds by the caller).</summary>
    Tanh,
}
