using Sandbox.Core.Perturbations;

namespace Sandbox.Evolution.Evaluation;

/// <summary>
/// One candidate as a handful of numbers: θ = base[<see cref="Parent"/>] + <see cref="Scale"/> · ε(<see cref="Noise"/>),
/// with no base when <see cref="Parent"/> is negative and no noise when <see cref="Scale"/> is 0.
/// Any process holding the same bases regenerates the same θ.
/// </summary>
public readonly record struct CandidateDescriptor(int Index, int Parent, NoiseKey Noise, float Scale)
{
    /// <summary>Writes θ into <paramref name="theta"/>.</summary>
    public void Materialize(IReadOnlyList<float[]> bases, Span<float> theta)
    {
        if (Parent >= 0)
        {
            bases[Parent].CopyTo(theta);
            if (Scale != 0)
            {
                PerturbationGenerator.Accumulate(theta, Noise, 0, NoiseDistribution.Gaussian, Scale);
            }
        }
        else
        {
            PerturbationGenerator.Fill(theta, Noise, 0, NoiseDistribution.Gaussian, Scale);
        }
    }
}
