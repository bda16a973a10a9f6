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
    /// <summary>
    /// Standard normal by Box–Muller with table-driven transcendentals (<see cref="TableBoxMuller"/>) on Philox4x32 with
    /// 7 rounds: a separate stream, about 1.5× <see cref="Gaussian"/>'s rate, for uses that keep no stored vectors
    /// bound to the Gaussian stream's bits (random-bases directions).
    /// </summary>
    FastGaussian,
}
