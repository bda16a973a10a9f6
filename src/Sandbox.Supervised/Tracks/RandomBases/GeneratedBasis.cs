using System.Buffers;
using System.Numerics.Tensors;
using Sandbox.Core.Perturbations;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// The base of one step drawn from noise streams and never stored: direction j of compartment κ is the vector of
/// <see cref="NoiseKey"/>(seed, stream, generation, j) over the compartment's Q parameters, scaled to unit expected
/// norm (1/√Q for Gaussian and ±1 draws, √(3/Q) for uniform ones). The step (<see cref="Descend"/>) draws each
/// direction once and dots it with the gradient in the same pass, into a buffer that stays in cache for its update; <see cref="Add"/> (NES's
/// one-direction moves) is fused generate-and-add over chunks of parameters, so no direction is stored at all.
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
    /// Accumulators of the one-pass step: direction j is added into lane j mod <see cref="Lanes"/>, and the lanes into θ
    /// in lane order, so the sum is the same whichever threads run the lanes.
    /// </summary>
    private const int Lanes = 8;
    private readonly int _longestCompartment;

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
        _longestCompartment = compartments.Max(c => c.Length);
    }

    /// <summary>The step whose base the next calls use (the fixed projection keeps 0).</summary>
    public uint Generation { get; set; }

    /// <inheritdoc />
    public int Directions { get; }

    /// <summary>Scale that gives a direction over <paramref name="length"/> parameters unit expected norm.</summary>
    public static float Normalisation(NoiseDistribution distribution, int length) =>
        (float)(distribution == NoiseDistribution.Uniform ? Math.Sqrt(3.0 / length) : 1 / Math.Sqrt(length));

    private NoiseKey Key(int direction) => new(_seed, _stream, Generation, _firstMember + (uint)direction);

    /// <summary>
    /// c_j = φ_jᵀ g, each direction drawn into a buffer and dotted there: the same arithmetic as <see cref="Descend"/>,
    /// so a parallel worker's coordinates are the single-process step's bit for bit.
    /// </summary>
    public unsafe void Coordinates(ReadOnlySpan<float> gradient, Span<float> coordinates)
    {
        fixed (float* g = gradient)
        fixed (float* c = coordinates)
        {
            AlongLanes(default, g, c, null, 0f);
        }
    }

    /// <summary>
    /// θ −= η Φ Φᵀ g in one pass over the base: each direction is drawn once into a lane's buffer (it stays in cache)
    /// while it is dotted with g, then added times −η c_j into the lane's sum; the sums are added into θ in lane order.
    /// <paramref name="coordinates"/> receives c.
    /// </summary>
    public unsafe void Descend(Span<float> theta, ReadOnlySpan<float> gradient, Span<float> coordinates, float learningRate)
    {
        fixed (float* g = gradient)
        fixed (float* c = coordinates)
        {
            AlongLanes(theta, g, c, null, learningRate);
        }
    }

    /// <summary>
    /// θ += Σ_j a_j φ_j with <see cref="Descend"/>'s arithmetic (lane sums, then θ), so applying −η c from
    /// <see cref="Coordinates"/> gives Descend's θ bit for bit (parallel workers' commits rely on it).
    /// </summary>
    public unsafe void AddAlongLanes(Span<float> theta, ReadOnlySpan<float> coefficients)
    {
        fixed (float* a = coefficients)
        {
            AlongLanes(theta, null, null, a, 0f);
        }
    }

    /// <summary>
    /// Direction j runs in lane j mod <see cref="Lanes"/>: drawn into the lane's buffer, then (with a gradient) its
    /// coordinate computed and stored, then (with θ) added into the lane's sum with coefficient −η c_j or a_j.
    /// The large buffers come from the shared pool, so a step allocates only a few small objects.
    /// </summary>
    private unsafe void AlongLanes(Span<float> theta, float* gradient, float* coordinates, float* coefficients, float learningRate)
    {
        int lanes = Math.Min(Lanes, Directions);
        bool update = !theta.IsEmpty;
        int size = update ? theta.Length : 0;
        int longest = _longestCompartment;
        var buffers = new float[lanes][];
        var sums = new float[lanes][];
        for (int l = 0; l < lanes; l++)
        {
            buffers[l] = ArrayPool<float>.Shared.Rent(longest);
            sums[l] = update ? ArrayPool<float>.Shared.Rent(size) : [];
        }
        try
        {
            void Lane(int l)
            {
                var sum = sums[l].AsSpan(0, size);
                sum.Clear();
                for (int j = l; j < Directions; j += lanes)
                {
                    float a = coefficients is null ? 0f : coefficients[j];
                    if (gradient is null && a == 0)
                    {
                        continue;
                    }
                    var part = _compartments[_compartmentOf[j]];
                    var direction = buffers[l].AsSpan(0, part.Length);
                    float norm = Normalisation(_distribution, part.Length);
                    if (gradient is not null)
                    {
                        // Drawn and dotted in one pass: the direction is read back once, by the update.
                        float coordinate = (float)PerturbationGenerator.FillAndDot(direction, new ReadOnlySpan<float>(gradient + part.Start, part.Length),
                            Key(j), 0, _distribution, norm);
                        coordinates[j] = coordinate;
                        a = -learningRate * coordinate;
                    }
                    else
                    {
                        PerturbationGenerator.Fill(direction, Key(j), 0, _distribution, norm);
                    }
                    if (update)
                    {
                        var target = sum.Slice(part.Start, part.Length);
                        TensorPrimitives.MultiplyAdd(direction, a, target, target);
                    }
                }
            }
            if (_threads == 1)
            {
                for (int l = 0; l < lanes; l++)
                {
                    Lane(l);
                }
            }
            else
            {
                Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Lane);
            }
            for (int l = 0; l < lanes && update; l++)
            {
                TensorPrimitives.Add(theta, sums[l].AsSpan(0, size), theta);
            }
        }
        finally
        {
            for (int l = 0; l < lanes; l++)
            {
                ArrayPool<float>.Shared.Return(buffers[l]);
                if (update)
                {
                    ArrayPool<float>.Shared.Return(sums[l]);
                }
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
