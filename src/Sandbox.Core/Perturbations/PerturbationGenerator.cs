using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Sandbox.Core.Random;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// Produces perturbation vectors as a pure function of (<see cref="NoiseKey"/>, element index).
/// Elements come in groups of 32: element <c>i</c> is word <c>(i mod 32) / 8</c> of Philox block
/// <c>8·(i / 32) + i mod 8</c>, so any slice of a vector is generated without the rest, identically in
/// every process. Whole groups run on AVX-512 (two groups per 16-lane pass) or AVX2 (one per pass); the scalar
/// twin gives the same bits. Besides writing (<see cref="Fill(Span{float}, NoiseKey, long, NoiseDistribution, float)"/>),
/// values can go straight into their consumer — added into a vector (<see cref="Accumulate(Span{float}, NoiseKey, long, NoiseDistribution, float)"/>,
/// i.e. axpy) or dotted with one (<see cref="Dot"/>) — without being stored. Large ranges split across threads in
/// chunks of element indices, so the result never depends on the thread count.
/// </summary>
public static class PerturbationGenerator
{
    private const int GroupSize = 32;

    /// <summary>Elements per parallel work item and per dot-product partial sum (a multiple of the group size).</summary>
    internal const int ChunkSize = 16384;

    /// <summary>The code paths that compute whole groups (all give the same bits).</summary>
    internal enum KernelPath
    {
        Scalar,
        Vector256,
        Vector512,
    }

    internal static readonly KernelPath DefaultPath =
        PhiloxLanes.Is512Accelerated ? KernelPath.Vector512 : Philox4x32x8.IsSupported ? KernelPath.Vector256 : KernelPath.Scalar;

    /// <summary>The path <see cref="Fill(Span{float}, NoiseKey, long, NoiseDistribution, float)"/> uses on this CPU ("avx512", "avx2" or "scalar").</summary>
    public static string PathName => DefaultPath switch
    {
        KernelPath.Vector512 => "avx512",
        KernelPath.Vector256 => "avx2",
        _ => "scalar",
    };

    /// <summary>
    /// Writes elements [<paramref name="start"/>, start + dest.Length) of the vector named by
    /// <paramref name="key"/>, multiplied by <paramref name="scale"/>.
    /// </summary>
    public static void Fill(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale = 1f) =>
        Fill(destination, key, start, distribution, scale, 1);

    /// <summary>As <see cref="Fill(Span{float}, NoiseKey, long, NoiseDistribution, float)"/>, on up to <paramref name="threads"/> threads (same bits for any count).</summary>
    public static unsafe void Fill(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale, int threads)
    {
        Check(destination.Length, start, distribution);
        fixed (float* p = destination)
        {
            Run(new StoreSink(p), key, start, destination.Length, distribution, scale, threads, DefaultPath);
        }
    }

    /// <summary>Adds <paramref name="scale"/> times elements [start, start + dest.Length) of the vector to <paramref name="destination"/> (axpy, values never stored).</summary>
    public static void Accumulate(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale) =>
        Accumulate(destination, key, start, distribution, scale, 1);

    /// <summary>As <see cref="Accumulate(Span{float}, NoiseKey, long, NoiseDistribution, float)"/>, on up to <paramref name="threads"/> threads.</summary>
    public static unsafe void Accumulate(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale, int threads)
    {
        Check(destination.Length, start, distribution);
        fixed (float* p = destination)
        {
            Run(new AddSink(p), key, start, destination.Length, distribution, scale, threads, DefaultPath);
        }
    }

    /// <summary>
    /// Σ_i scale·ε[start + i]·x[i] over <paramref name="x"/>, without storing ε. Partial sums over fixed chunks of
    /// element indices (float lanes within a chunk, double across), added in index order: the same value for any
    /// thread count and code path.
    /// </summary>
    public static double Dot(ReadOnlySpan<float> x, NoiseKey key, long start, NoiseDistribution distribution, float scale = 1f, int threads = 1) =>
        DotThrough(x, key, start, distribution, scale, threads, DefaultPath);

    /// <summary>
    /// Writes elements [start, start + dest.Length) as <see cref="Fill(Span{float}, NoiseKey, long, NoiseDistribution, float)"/>
    /// does and returns their dot product with <paramref name="x"/> (same length), on one thread: for a consumer that
    /// needs both the vector and its projection, without reading the vector back.
    /// </summary>
    public static unsafe double FillAndDot(Span<float> destination, ReadOnlySpan<float> x, NoiseKey key, long start, NoiseDistribution distribution, float scale)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(x.Length, destination.Length);
        Check(destination.Length, start, distribution);
        if (destination.IsEmpty)
        {
            return 0;
        }
        fixed (float* d = destination)
        fixed (float* p = x)
        {
            var sink = new StoreDotSink(d, p);
            Dispatch(ref sink, key, start, start, start + destination.Length, distribution, scale, DefaultPath);
            return sink.Total();
        }
    }

    internal static unsafe double DotThrough(ReadOnlySpan<float> x, NoiseKey key, long start, NoiseDistribution distribution, float scale, int threads, KernelPath path)
    {
        Check(x.Length, start, distribution);
        if (x.IsEmpty)
        {
            return 0;
        }
        long end = start + x.Length;
        long firstChunk = start / ChunkSize;
        int chunks = (int)((end - 1) / ChunkSize - firstChunk + 1);
        fixed (float* p = x)
        {
            float* basePointer = p;
            if (threads <= 1 || chunks == 1)
            {
                double total = 0;
                for (int c = 0; c < chunks; c++)
                {
                    total += DotChunk(basePointer, key, start, end, firstChunk + c, distribution, scale, path);
                }
                return total;
            }
            double[] partials = ArrayPool<double>.Shared.Rent(chunks);
            try
            {
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    c => partials[c] = DotChunk(basePointer, key, start, end, firstChunk + c, distribution, scale, path));
                double total = 0;
                for (int c = 0; c < chunks; c++)
                {
                    total += partials[c];
                }
                return total;
            }
            finally
            {
                ArrayPool<double>.Shared.Return(partials);
            }
        }
    }

    private static unsafe double DotChunk(float* x, NoiseKey key, long start, long end, long chunk, NoiseDistribution distribution, float scale, KernelPath path)
    {
        long from = Math.Max(start, chunk * ChunkSize);
        long to = Math.Min(end, (chunk + 1) * ChunkSize);
        var sink = new DotSink(x);
        Dispatch(ref sink, key, start, from, to, distribution, scale, path);
        return sink.Total();
    }

    /// <summary>Fill through a chosen path (tests compare the paths).</summary>
    internal static unsafe void Fill(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale, int threads, KernelPath path)
    {
        Check(destination.Length, start, distribution);
        fixed (float* p = destination)
        {
            Run(new StoreSink(p), key, start, destination.Length, distribution, scale, threads, path);
        }
    }

    /// <summary>Philox rounds per block of a distribution (its shape's <see cref="INoiseShape.Rounds"/>).</summary>
    internal static int RoundsOf(NoiseDistribution distribution) =>
        distribution == NoiseDistribution.FastGaussian ? FastGaussianShape.Rounds : Philox4x32.Rounds;

    private static void Check(int length, long start, NoiseDistribution distribution)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if ((uint)distribution > (uint)NoiseDistribution.FastGaussian)
        {
            throw new ArgumentOutOfRangeException(nameof(distribution));
        }
        if (length > 0 && (start + length - 1) / GroupSize * 8 + 7 > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "perturbation vectors are limited to 2^34 elements");
        }
    }

    /// <summary>Runs a storing or adding sink over the range, split into chunks across threads when it is large.</summary>
    private static void Run<TSink>(TSink sink, NoiseKey key, long start, int length, NoiseDistribution distribution, float scale, int threads, KernelPath path)
        where TSink : struct, IGroupSink
    {
        if (length == 0)
        {
            return;
        }
        long end = start + length;
        if (threads <= 1 || length < 2 * ChunkSize)
        {
            Dispatch(ref sink, key, start, start, end, distribution, scale, path);
            return;
        }
        long firstChunk = start / ChunkSize;
        int chunks = (int)((end - 1) / ChunkSize - firstChunk + 1);
        // Each chunk writes its own elements only, so the order the threads run them in does not matter.
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            var local = sink;
            long chunk = firstChunk + c;
            Dispatch(ref local, key, start, Math.Max(start, chunk * ChunkSize), Math.Min(end, (chunk + 1) * ChunkSize), distribution, scale, path);
        });
    }

    private static void Dispatch<TSink>(ref TSink sink, NoiseKey key, long start, long from, long to, NoiseDistribution distribution, float scale, KernelPath path)
        where TSink : struct, IGroupSink
    {
        switch (distribution)
        {
            case NoiseDistribution.Gaussian:
                Generate<TSink, GaussianShape>(ref sink, key, start, from, to, distribution, scale, path);
                break;
            case NoiseDistribution.Uniform:
                Generate<TSink, UniformShape>(ref sink, key, start, from, to, distribution, scale, path);
                break;
            case NoiseDistribution.FastGaussian:
                Generate<TSink, FastGaussianShape>(ref sink, key, start, from, to, distribution, scale, path);
                break;
            case NoiseDistribution.Rademacher:
                Generate<TSink, RademacherShape>(ref sink, key, start, from, to, distribution, scale, path);
                break;
            default:
                Generate<TSink, BernoulliShape>(ref sink, key, start, from, to, distribution, scale, path);
                break;
        }
    }

    /// <summary>
    /// Feeds elements [from, to) to the sink; the sink's offset 0 is element <paramref name="start"/>. Whole groups
    /// go through the vector path, the partial groups at either end through a 32-element buffer.
    /// </summary>
    private static void Generate<TSink, TShape>(ref TSink sink, NoiseKey key, long start, long from, long to, NoiseDistribution distribution, float scale, KernelPath path)
        where TSink : struct, IGroupSink
        where TShape : struct, INoiseShape
    {
        if (from >= to)
        {
            return;
        }
        var lanes = new PhiloxLanes(key.Member, key.Generation, key.Stream, (uint)key.RunSeed, (uint)(key.RunSeed >> 32), path == KernelPath.Vector512);
        long firstGroup = from / GroupSize;
        long lastGroup = (to - 1) / GroupSize;
        Span<float> buffer = stackalloc float[GroupSize];
        for (long g = firstGroup; g <= lastGroup; g++)
        {
            long groupStart = g * GroupSize;
            nint offset = (nint)(groupStart - start);
            bool whole = groupStart >= from && groupStart + GroupSize <= to;
            if (whole && path == KernelPath.Vector512 && groupStart + 4 * GroupSize <= to)
            {
                lanes.Generate32((uint)(g * 8), TShape.Rounds, out var w0, out var w1, out var w2, out var w3, out var v0, out var v1, out var v2, out var v3);
                TShape.Transform(w0, w1, w2, w3, scale, out var p0, out var p1, out var p2, out var p3);
                TShape.Transform(v0, v1, v2, v3, scale, out var q0, out var q1, out var q2, out var q3);
                sink.Group(offset, p0.GetLower(), p1.GetLower(), p2.GetLower(), p3.GetLower());
                sink.Group(offset + GroupSize, p0.GetUpper(), p1.GetUpper(), p2.GetUpper(), p3.GetUpper());
                sink.Group(offset + 2 * GroupSize, q0.GetLower(), q1.GetLower(), q2.GetLower(), q3.GetLower());
                sink.Group(offset + 3 * GroupSize, q0.GetUpper(), q1.GetUpper(), q2.GetUpper(), q3.GetUpper());
                g += 3;
                continue;
            }
            if (whole && path == KernelPath.Vector512 && groupStart + 2 * GroupSize <= to)
            {
                lanes.Generate16((uint)(g * 8), TShape.Rounds, out var w0, out var w1, out var w2, out var w3);
                TShape.Transform(w0, w1, w2, w3, scale, out var p0, out var p1, out var p2, out var p3);
                sink.Group(offset, p0.GetLower(), p1.GetLower(), p2.GetLower(), p3.GetLower());
                sink.Group(offset + GroupSize, p0.GetUpper(), p1.GetUpper(), p2.GetUpper(), p3.GetUpper());
                g++;
                continue;
            }
            if (whole && path != KernelPath.Scalar)
            {
                lanes.Generate8((uint)(g * 8), TShape.Rounds, out var x0, out var x1, out var x2, out var x3);
                TShape.Transform(x0, x1, x2, x3, scale, out var o0, out var o1, out var o2, out var o3);
                sink.Group(offset, o0, o1, o2, o3);
                continue;
            }
            if (path == KernelPath.Scalar)
            {
                FillGroupScalar(buffer, key, (uint)(g * 8), distribution, scale);
            }
            else
            {
                lanes.Generate8((uint)(g * 8), TShape.Rounds, out var x0, out var x1, out var x2, out var x3);
                TShape.Transform(x0, x1, x2, x3, scale, out var o0, out var o1, out var o2, out var o3);
                o0.CopyTo(buffer);
                o1.CopyTo(buffer[8..]);
                o2.CopyTo(buffer[16..]);
                o3.CopyTo(buffer[24..]);
            }
            long a = Math.Max(from, groupStart);
            long b = Math.Min(to, groupStart + GroupSize);
            for (long i = a; i < b; i++)
            {
                sink.Element((nint)(i - start), buffer[(int)(i - groupStart)]);
            }
        }
    }

    internal static void FillGroupScalar(Span<float> output, NoiseKey key, uint firstBlock, NoiseDistribution distribution, float scale)
    {
        uint k0 = (uint)key.RunSeed;
        uint k1 = (uint)(key.RunSeed >> 32);
        int rounds = RoundsOf(distribution);
        for (int lane = 0; lane < 8; lane++)
        {
            var b = Philox4x32.Generate(firstBlock + (uint)lane, key.Member, key.Generation, key.Stream, k0, k1, rounds);
            switch (distribution)
            {
                case NoiseDistribution.Gaussian:
                    NoiseTransforms.BoxMuller(b.X0, b.X1, scale, out output[lane], out output[8 + lane]);
                    NoiseTransforms.BoxMuller(b.X2, b.X3, scale, out output[16 + lane], out output[24 + lane]);
                    break;
                case NoiseDistribution.FastGaussian:
                    TableBoxMuller.BoxMuller(b.X0, b.X1, scale, out output[lane], out output[8 + lane]);
                    TableBoxMuller.BoxMuller(b.X2, b.X3, scale, out output[16 + lane], out output[24 + lane]);
                    break;
                case NoiseDistribution.Uniform:
                    output[lane] = NoiseTransforms.Symmetric(b.X0) * scale;
                    output[8 + lane] = NoiseTransforms.Symmetric(b.X1) * scale;
                    output[16 + lane] = NoiseTransforms.Symmetric(b.X2) * scale;
                    output[24 + lane] = NoiseTransforms.Symmetric(b.X3) * scale;
                    break;
                case NoiseDistribution.Rademacher:
                    output[lane] = (b.X0 >> 31) == 0 ? scale : -scale;
                    output[8 + lane] = (b.X1 >> 31) == 0 ? scale : -scale;
                    output[16 + lane] = (b.X2 >> 31) == 0 ? scale : -scale;
                    output[24 + lane] = (b.X3 >> 31) == 0 ? scale : -scale;
                    break;
                default:
                    output[lane] = (b.X0 >> 31) * scale;
                    output[8 + lane] = (b.X1 >> 31) * scale;
                    output[16 + lane] = (b.X2 >> 31) * scale;
                    output[24 + lane] = (b.X3 >> 31) * scale;
                    break;
            }
        }
    }

    /// <summary>One group through the AVX2 path (the scalar twin's bits; tests compare them).</summary>
    internal static void FillGroupVector(Span<float> output, NoiseKey key, uint firstBlock, NoiseDistribution distribution, float scale)
    {
        Fill(output[..GroupSize], key, (long)firstBlock / 8 * GroupSize, distribution, scale, 1, KernelPath.Vector256);
    }

    /// <summary>Two consecutive groups through the 16-lane path (AVX-512, or its portable form on other CPUs).</summary>
    internal static void FillGroupPairWide(Span<float> output, NoiseKey key, uint firstBlock, NoiseDistribution distribution, float scale)
    {
        Fill(output[..(2 * GroupSize)], key, (long)firstBlock / 8 * GroupSize, distribution, scale, 1, KernelPath.Vector512);
    }
}
