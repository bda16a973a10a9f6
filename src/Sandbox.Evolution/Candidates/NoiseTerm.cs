using Sandbox.Core.Perturbations;

namespace Sandbox.Evolution.Candidates;

/// <summary>
/// One term of a candidate: <see cref="Scale"/> · ε(<see cref="Key"/>) drawn from <see cref="Distribution"/>. With a
/// <see cref="Shape"/>, the noise is first shaped by a vector the replica holds in its state (the generation's bases):
/// per element (a diagonal, e.g. PGPE's or SNES's σ vector) or by a row-major matrix (CMA-ES's B·D), so θ stays a
/// function of seeds plus state every replica already has.
/// </summary>
public readonly record struct NoiseTerm(NoiseKey Key, float Scale, NoiseDistribution Distribution = NoiseDistribution.Gaussian, int? Shape = null);
