using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// The initial centre of full-weight methods: each weight segment N(0, (scale/√fan_in)²) from its own
/// per-layer stream, biases zero. Per-layer streams keep a layer's values independent of the others' sizes.
/// </summary>
public static class DenseInitialisation
{
    /// <summary>Writes the initial centre into <paramref name="centre"/> (all zeros when <paramref name="scale"/> is 0).</summary>
    public static void Draw(Span<float> centre, SearchSpace space, ulong seed, float scale)
    {
        centre.Clear();
        if (scale == 0)
        {
            return;
        }
        foreach (var segment in space.Segments)
        {
            if (segment.IsBias)
            {
                continue;
            }
            var key = new NoiseKey(seed, NoiseKey.InitialWeightsStream, (uint)segment.Layer, 0);
            PerturbationGenerator.Fill(centre.Slice(segment.Offset, segment.Length), key, 0, NoiseDistribution.Gaussian,
                scale / MathF.Sqrt(segment.FanIn));
        }
    }
}
