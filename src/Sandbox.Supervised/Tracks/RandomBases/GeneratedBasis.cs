using Sandbox.Core.Perturbations;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// The base of one step drawn from noise streams and never stored: direction j of compartment κ is the vector of
/// <see cref="NoiseKey"/>(seed, stream, generation, j) over the compartment's Q parameters, scaled to unit expected
/// norm (1/√Q for Gaussian and ±1 draws, √(3/Q) for uniform ones). Coordinates are fused generate-and-dot, the
/// update fused generate-and-add over chunks of parameters, so at most a chunk of each direction exists at a time.
/// Every result is the same for any thread count.
/// </summary>
public sealed class GeneratedBasis : IBasis
{
    /// <summary>Parameters per update work item (the update visits every direction for one chunk, in direction order).</summary>
    private const int UpdateChunk = 8192;

    private readonly IReadOnlyList<Compartment> _compartments;
    private readonly ulong _seed;
    private readonly uint _stream;
    private readonly NoiseDistribution _distribution;
    private readonly int _threads;
    private readonly (int Compartment, int Start, int Length)[] _chunks;
    private readonly int[] _compartmentOf;
    private readonly uint _firstMember;

    /// <summary>
    /// A base over <paramref name="compartments"/> from (seed, stream), one generation per step; direction j is
    /// member <paramref name="firstMember"/> + j (parallel workers draw disjoint bases by offsetting it).
    /// </summary>
    public GeneratedBasis(IReadOnlyList<Compartment> compartments, ulong seed, uint stream, NoiseDistribution distribution, int threads, uint firstMember = 0)
    {
        _firstMember = firstMember;
        _compartments = compartments;
        _seed = seed;
        _stream = stream;
        _distribution = distribution;
        _threads = Math.Max(1, threads);
        Directions = compartments.Sum(c => c.Directions);
        _compartmentOf = new int[Directions];
        var chunks = new List<(int, int, int)>();
        for (int k = 0; k < compartments.Count; k++)
        {
            var c = compartments[k];
            _compartmentOf.AsSpan(c.FirstDirection, c.Directions).Fill(k);
            for (int s = 0; s < c.Length; s += UpdateChunk)
            {
                chunks.Add((k, s, Math.Min(UpdateChunk, c.Length - s)));
            }
        }
        _chunks = [.. chunks];
    }

    /// <summary>The step whose base the next calls use (the fixed projection keeps 0).</summary>
    public uint Generation { get; set; }

    /// <inheritdoc />
    public int Directions { get; }

    /// <summary>Scale that gives a direction over <paramref name="length"/> parameters unit expected norm.</summary>
    public static float Normalisation(NoiseDistribution distribution, int length) =>
        (float)(distribution == NoiseDistribution.Uniform ? Math.Sqrt(3.0 / length) : 1 / Math.Sqrt(length));

    private NoiseKey Key(int direction) => new(_seed, _stream, Generation, _firstMember + (uint)direction);

    /// <inheritdoc />
    public unsafe void Coordinates(ReadOnlySpan<float> gradient, Span<float> coordinates)
    {
        fixed (float* g = gradient)
        fixed (float* c = coordinates)
        {
            float* gp = g, cp = c;
            int length = gradient.Length;
            void One(int j)
            {
                var part = _compartments[_compartmentOf[j]];
                var slice = new ReadOnlySpan<float>(gp + part.Start, part.Length);
                cp[j] = (float)PerturbationGenerator.Dot(slice, Key(j), 0, _distribution, Normalisation(_distribution, part.Length));
            }
            if (_threads == 1)
            {
                for (int j = 0; j < Directions; j++)
                {
                    One(j);
                }
            }
            else
            {
                Parallel.For(0, Directions, new ParallelOptions { MaxDegreeOfParallelism = _threads }, One);
            }
        }
    }

    /// <inheritdoc />
    public unsafe void Add(Span<float> theta, ReadOnlySpan<float> coefficients)
    {
        fixed (float* t = theta)
        fixed (float* a = coefficients)
        {
            float* tp = t, ap = a;
            void Chunk(int i)
            {
                var (k, start, length) = _chunks[i];
                var part = _compartments[k];
                var target = new Span<float>(tp + part.Start + start, length);
                float norm = Normalisation(_distribution, part.Length);
                for (int j = part.FirstDirection; j < part.FirstDirection + part.Directions; j++)
                {
                    if (ap[j] != 0)
                    {
                        PerturbationGenerator.Accumulate(target, Key(j), start, _distribution, ap[j] * norm);
                    }
                }
            }
            if (_threads == 1)
            {
                for (int i = 0; i < _chunks.Length; i++)
                {
                    Chunk(i);
                }
            }
            else
            {
                Parallel.For(0, _chunks.Length, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Chunk);
            }
        }
    }
}
