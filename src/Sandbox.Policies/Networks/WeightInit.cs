namespace Sandbox.Policies.Networks;

/// <summary>Distributions for the frozen random weights of a supermask network (edge-popup §4).</summary>
public enum WeightInit
{
    /// <summary>U(−1/√fan_in, 1/√fan_in), PyTorch's default for linear layers ("Uniform" in supermask-es Table 1).</summary>
    Uniform,
    /// <summary>N(0, (g/√fan_in)²) with the tanh gain g = 5/3.</summary>
    KaimingNormal,
    /// <summary>±g/√fan_in with a random sign (signed Kaiming constant), g = 5/3.</summary>
    SignedKaimingConstant,
}
