namespace Sandbox.Policies.Networks;

/// <summary>Distributions for the frozen random weights of a supermask network (edge-popup §4).</summary>
public enum WeightInit
{
    /// <summary>
    /// U(±√3·g/√fan_in), g = 5/3: the variance of <see cref="KaimingNormal"/> ("Uniform" in supermask-es
    /// Table 1). A frozen network cannot rescale itself, so the init must keep activations O(1) when half
    /// the connections are masked; PyTorch's U(±1/√fan_in) would shrink the signal layer after layer.
    /// </summary>
    Uniform,
    /// <summary>N(0, (g/√fan_in)²) with the tanh gain g = 5/3.</summary>
    KaimingNormal,
    /// <summary>±g/√fan_in with a random sign (signed Kaiming constant), g = 5/3.</summary>
    SignedKaimingConstant,
}
