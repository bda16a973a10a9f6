namespace Sandbox.Tensors.Networks;

/// <summary>What the last layer of a batched network produces.</summary>
public enum OutputHead
{
    /// <summary>The index of the largest output (discrete actions).</summary>
    ArgMax,
    /// <summary>tanh of each output, in (-1, 1) (continuous actions, scaled to bounds by the caller).</summary>
    Tanh,
    /// <summary>Class logits, scored against labels by softmax cross-entropy and accuracy (classifiers).</summary>
    Logits,
}
