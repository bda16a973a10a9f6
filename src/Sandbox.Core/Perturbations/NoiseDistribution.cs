namespace Sandbox.Core.Perturbations;

/// <summary>The distribution of one perturbation element.</summary>
public enum NoiseDistribution
{
    /// <summary>Standard normal (Box–Muller on 24-bit uniforms).</summary>
    Gaussian,
    /// <summary>Uniform on [-1, 1).</summary>
    Uniform,
    /// <summary>±1 with equal probability.</summary>
    Rademacher,
    /// <summary>1 with probability 1/2, else 0.</summary>
    Bernoulli,
}
