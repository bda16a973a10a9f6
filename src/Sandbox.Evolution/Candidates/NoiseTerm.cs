using Sandbox.Core.Perturbations;

namespace Sandbox.Evolution.Candidates;

/// <summary>One term of a candidate: <see cref="Scale"/> · ε(<see cref="Key"/>) drawn from <see cref="Distribution"/>.</summary>
public readonly record struct NoiseTerm(NoiseKey Key, float Scale, NoiseDistribution Distribution = NoiseDistribution.Gaussian);
