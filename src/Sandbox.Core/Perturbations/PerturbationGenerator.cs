using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Sandbox.Core.Random;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// Produces perturbation vectors as a pure function of (<see cref="NoiseKey"/>, element index).
/// Elements come in groups of 32: element <c>i</c> is word <c>(i mod 32) / 8</c> of Philox block
/// <c>8·(i / 32) + i mod 8</c>, so any slice of a vector is generated without the rest, identically in
/// every process. The AVX2 path computes a group in one pass; the scalar twin gives the same bits.
/// </summary>
public static class PerturbationGenerator
{
    private const int GroupSize = 32;

    private static readonly bool UseVector = Philox4x32x8.IsSupported;

    /// <summary>
    /// Writes elements [<paramref name="start"/>, start + dest.Length) of the vector named by
    /// <paramref name="key"/>, multiplied by <paramref name="scale"/>.
    /// </summary>
    public static void Fill(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale = 1f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (destination.IsEmpty)
        {
            return;
        }
        if ((uint)distribution > (uint)NoiseDistribution.Bernoulli)
        {
            throw new ArgumentOutOfRangeException(nameof(distribution));
        }
        long end = start + destination.Length;
        long firstGroup = start / GroupSize;
        long lastGroup = (end - 1) / GroupSize;
        if (lastGroup * 8 + 7 > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "perturbation vectors are limited to 2^34 elements");
        }
        Span<float> group = stackalloc float[GroupSize];
        for (long g = firstGroup; g <= lastGroup; g++)
        {
            long groupStart = g * GroupSize;
            if (groupStart >= start && groupStart + GroupSize <= end)
            {
                FillGroup(destination.Slice((int)(groupStart - start), GroupSize), key, (uint)(g * 8), distribution, scale);
                continue;
            }
            FillGroup(group, key, (uint)(g * 8), distribution, scale);
            long from = Math.Max(start, groupStart);
            long to = Math.Min(end, groupStart + GroupSize);
            group[(int)(from - groupStart)..(int)(to - groupStart)].CopyTo(destination[(int)(from - start)..]);
        }
    }

    /// <summary>Adds <paramref name="scale"/> times elements [start, start + dest.Length) of the vector to <paramref name="destination"/>.</summary>
    public static void Accumulate(Span<float> destination, NoiseKey key, long start, NoiseDistribution distribution, float scale)
    {
        const int Chunk = 1024;
        Span<float> buffer = stackalloc float[Chunk];
        for (int offset = 0; offset < destination.Length; offset += Chunk)
        {
            int n = Math.Min(Chunk, destination.Length - offset);
            var slice = buffer[..n];
            Fill(slice, key, start + offset, distribution, scale);
            var target = destination.Slice(offset, n);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= n; i += 8)
                {
                    (Vector256.Create<float>(target[i..]) + Vector256.Create<float>(slice[i..])).CopyTo(target[i..]);
                }
            }
            for (; i < n; i++)
            {
                target[i] += slice[i];
            }
        }
    }

    private static void FillGroup(Span<float> output, NoiseKey key, uint firstBlock, NoiseDistribution distribution, float scale)
    {
        if (UseVector)
        {
            FillGroupVector(output, key, firstBlock, distribution, scale);
        }
        else
        {
            FillGroupScalar(output, key, firstBlock, distribution, scale);
        }
    }

    internal static void FillGroupScalar(Span<float> output, NoiseKey key, uint firstBlock, NoiseDistribution distribution, float scale)
    {
        uint k0 = (uint)key.RunSeed;
        uint k1 = (uint)(key.RunSeed >> 32);
        for (int lane = 0; lane < 8; lane++)
        {
            var b = Philox4x32.Generate(firstBlock + (uint)lane, key.Member, key.Generation, key.Stream, k0, k1);
            switch (distribution)
            {
                case NoiseDistribution.Gaussian:
                    NoiseTransforms.BoxMuller(b.X0, b.X1, scale, out output[lane], out output[8 + lane]);
                    NoiseTransforms.BoxMuller(b.X2, b.X3, scale, out output[16 + lane], out output[24 + lane]);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void FillGroupVector(Span<float> output, NoiseKey key, uint firstBlock, NoiseDistribution distribution, float scale)
    {
        Philox4x32x8.Generate(firstBlock, key.Member, key.Generation, key.Stream, (uint)key.RunSeed, (uint)(key.RunSeed >> 32),
            out var x0, out var x1, out var x2, out var x3);
        Vector256<float> o0, o1, o2, o3;
        var s = Vector256.Create(scale);
        switch (distribution)
        {
            case NoiseDistribution.Gaussian:
                NoiseTransforms.BoxMuller(x0, x1, scale, out o0, out o1);
                NoiseTransforms.BoxMuller(x2, x3, scale, out o2, out o3);
                break;
            case NoiseDistribution.Uniform:
                o0 = NoiseTransforms.Symmetric(x0) * s;
                o1 = NoiseTransforms.Symmetric(x1) * s;
                o2 = NoiseTransforms.Symmetric(x2) * s;
                o3 = NoiseTransforms.Symmetric(x3) * s;
                break;
            case NoiseDistribution.Rademacher:
                var sign = Vector256.Create(0x80000000u);
                o0 = s ^ (x0 & sign).AsSingle();
                o1 = s ^ (x1 & sign).AsSingle();
                o2 = s ^ (x2 & sign).AsSingle();
                o3 = s ^ (x3 & sign).AsSingle();
                break;
            default:
                o0 = Vector256.ConvertToSingle((x0 >> 31).AsInt32()) * s;
                o1 = Vector256.ConvertToSingle((x1 >> 31).AsInt32()) * s;
                o2 = Vector256.ConvertToSingle((x2 >> 31).AsInt32()) * s;
                o3 = Vector256.ConvertToSingle((x3 >> 31).AsInt32()) * s;
                break;
        }
        o0.CopyTo(output);
        o1.CopyTo(output[8..]);
        o2.CopyTo(output[16..]);
        o3.CopyTo(output[24..]);
    }
}
