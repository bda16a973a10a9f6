using System.Runtime.CompilerServices;
using Sandbox.Core.Random;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// Produces perturbation vectors as a pure function of (<see cref="NoiseKey"/>, element index):
/// element <c>i</c> comes from Philox block <c>i / 4</c>, so any slice of a vector is generated
/// without the rest, identically in every process.
/// </summary>
public static class PerturbationGenerator
{
    private const float Inv24 = 1.0f / 16777216.0f; // 2^-24
    private const float TwoPi = 6.28318530717958647692f;

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
        uint k0 = (uint)key.RunSeed;
        uint k1 = (uint)(key.RunSeed >> 32);
        long end = start + destination.Length;
        long firstBlock = start >> 2;
        long lastBlock = (end - 1) >> 2;
        if (lastBlock > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "perturbation vectors are limited to 2^34 elements");
        }

        Span<float> four = stackalloc float[4];
        for (long block = firstBlock; block <= lastBlock; block++)
        {
            var b = Philox4x32.Generate((uint)block, key.Member, key.Generation, key.Stream, k0, k1);
            long blockStart = block << 2;
            if (blockStart >= start && blockStart + 4 <= end)
            {
                Transform(b, distribution, scale, destination.Slice((int)(blockStart - start), 4));
                continue;
            }
            Transform(b, distribution, scale, four);
            for (int lane = 0; lane < 4; lane++)
            {
                long index = blockStart + lane;
                if (index >= start && index < end)
                {
                    destination[(int)(index - start)] = four[lane];
                }
            }
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
            for (int i = 0; i < n; i++)
            {
                target[i] += slice[i];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transform(Philox4x32.Block b, NoiseDistribution distribution, float scale, Span<float> output)
    {
        switch (distribution)
        {
            case NoiseDistribution.Gaussian:
                BoxMuller(b.X0, b.X1, scale, out output[0], out output[1]);
                BoxMuller(b.X2, b.X3, scale, out output[2], out output[3]);
                break;
            case NoiseDistribution.Uniform:
                output[0] = Symmetric(b.X0) * scale;
                output[1] = Symmetric(b.X1) * scale;
                output[2] = Symmetric(b.X2) * scale;
                output[3] = Symmetric(b.X3) * scale;
                break;
            case NoiseDistribution.Rademacher:
                output[0] = (b.X0 >> 31) == 0 ? scale : -scale;
                output[1] = (b.X1 >> 31) == 0 ? scale : -scale;
                output[2] = (b.X2 >> 31) == 0 ? scale : -scale;
                output[3] = (b.X3 >> 31) == 0 ? scale : -scale;
                break;
            case NoiseDistribution.Bernoulli:
                output[0] = (b.X0 >> 31) * scale;
                output[1] = (b.X1 >> 31) * scale;
                output[2] = (b.X2 >> 31) * scale;
                output[3] = (b.X3 >> 31) * scale;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(distribution));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Symmetric(uint bits) => (bits >> 8) * (2f * Inv24) - 1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller(uint a, uint b, float scale, out float z0, out float z1)
    {
        // (0, 1]: never zero, so the logarithm is finite.
        float u = ((a >> 8) + 1) * Inv24;
        float angle = (b >> 8) * Inv24 * TwoPi;
        float radius = MathF.Sqrt(-2f * MathF.Log(u)) * scale;
        var (sin, cos) = MathF.SinCos(angle);
        z0 = radius * cos;
        z1 = radius * sin;
    }
}
