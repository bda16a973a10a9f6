using CsCheck;
using Sandbox.Core.Perturbations;
using static Sandbox.Core.Perturbations.PerturbationGenerator;

namespace Sandbox.Core.Tests.Perturbations;

/// <summary>The fast paths (AVX-512 twin, AVX2, threads, fused consumers) against the scalar twin and plain loops.</summary>
public sealed class GeneratorPathTests
{
    private static readonly NoiseDistribution[] Distributions =
        [NoiseDistribution.Gaussian, NoiseDistribution.Uniform, NoiseDistribution.Rademacher, NoiseDistribution.Bernoulli, NoiseDistribution.FastGaussian];

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} differs ({expected[i]:R} vs {actual[i]:R})");
            }
        }
    }

    [Fact]
    public void Wide_path_twin_gives_the_scalar_bits_for_group_pairs()
    {
        // On CPUs without AVX-512 the 16-lane path runs in its portable form: same operations, same bits.
        Gen.Select(Gen.ULong, Gen.UInt, Gen.UInt, Gen.UInt[0, 1_000_000], Gen.Float[-3f, 3f]).Sample((seed, generation, member, group, scale) =>
        {
            var key = new NoiseKey(seed, NoiseKey.SearchStream, generation, member);
            foreach (var distribution in Distributions)
            {
                var scalar = new float[64];
                var wide = new float[64];
                FillGroupScalar(scalar, key, group * 8, distribution, scale);
                FillGroupScalar(scalar.AsSpan(32), key, group * 8 + 8, distribution, scale);
                FillGroupPairWide(wide, key, group * 8, distribution, scale);
                AssertSameBits(scalar, wide, distribution.ToString());
            }
        }, iter: 150);
    }

    [Fact]
    public void Every_path_gives_the_same_bits_for_any_slice()
    {
        Assert.SkipUnless(Core.Random.Philox4x32x8.IsSupported, "this CPU has no AVX2 vector path to compare (issue 3: the scalar twin is then the only path)");
        Gen.Select(Gen.Long[0, 5_000_000], Gen.Int[0, 700], Gen.Int[0, Distributions.Length - 1], Gen.ULong).Sample((start, length, d, seed) =>
        {
            var key = new NoiseKey(seed, 7, 3, 250);
            var distribution = Distributions[d];
            var scalar = new float[length];
            var avx2 = new float[length];
            var wide = new float[length];
            Fill(scalar, key, start, distribution, 0.5f, 1, KernelPath.Scalar);
            Fill(avx2, key, start, distribution, 0.5f, 1, KernelPath.Vector256);
            Fill(wide, key, start, distribution, 0.5f, 1, KernelPath.Vector512);
            AssertSameBits(scalar, avx2, $"avx2 {distribution} at {start}+{length}");
            AssertSameBits(scalar, wide, $"wide {distribution} at {start}+{length}");
        }, iter: 200);
    }

    [Theory]
    [InlineData(NoiseDistribution.Gaussian)]
    [InlineData(NoiseDistribution.Uniform)]
    [InlineData(NoiseDistribution.FastGaussian)]
    public void Threads_change_no_bit_of_fill_accumulate_or_dot(NoiseDistribution distribution)
    {
        const int N = 5 * ChunkSize + 123;
        var key = new NoiseKey(3, 9, 1, 2);
        var one = new float[N];
        var two = new float[N];
        Fill(one, key, 77, distribution, 0.3f, 1);
        Fill(two, key, 77, distribution, 0.3f, 2);
        AssertSameBits(one, two, "fill");
        var x = new float[N];
        Fill(x, new NoiseKey(4, 9, 1, 2), 0, NoiseDistribution.Uniform);
        var a = (float[])x.Clone();
        var b = (float[])x.Clone();
        Accumulate(a, key, 77, distribution, -0.7f, 1);
        Accumulate(b, key, 77, distribution, -0.7f, 3);
        AssertSameBits(a, b, "accumulate");
        Assert.Equal(Dot(x, key, 77, distribution, 1f, 1), Dot(x, key, 77, distribution, 1f, 2));
    }

    [Fact]
    public void Fused_dot_and_add_equal_generating_then_consuming()
    {
        Gen.Select(Gen.Long[0, 100_000], Gen.Int[1, 3 * ChunkSize], Gen.Float[-2f, 2f]).Sample((start, length, scale) =>
        {
            var key = new NoiseKey(11, 3, 4, 5);
            var noise = new float[length];
            Fill(noise, key, start, NoiseDistribution.Gaussian, scale);
            var x = new float[length];
            Fill(x, new NoiseKey(12, 3, 4, 5), 0, NoiseDistribution.Uniform);
            double expected = 0;
            double magnitude = 0;
            for (int i = 0; i < length; i++)
            {
                expected += (double)noise[i] * x[i];
                magnitude += Math.Abs((double)noise[i] * x[i]);
            }
            double fused = Dot(x, key, start, NoiseDistribution.Gaussian, scale);
            Assert.True(Math.Abs(fused - expected) <= 1e-5 * magnitude + 1e-6, $"dot {fused} vs {expected}");
            var added = (float[])x.Clone();
            Accumulate(added, key, start, NoiseDistribution.Gaussian, scale);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(x[i] + noise[i], added[i]);
            }
        }, iter: 40);
    }

    /// <summary>Kolmogorov–Smirnov statistic of <paramref name="values"/> against <paramref name="cdf"/>.</summary>
    private static double KolmogorovSmirnov(float[] values, Func<double, double> cdf)
    {
        var sorted = values.Select(v => (double)v).Order().ToArray();
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(f - (double)i / sorted.Length, (double)(i + 1) / sorted.Length - f));
        }
        return d;
    }

    /// <summary>Φ via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    private static double NormalCdf(double x)
    {
        double z = Math.Abs(x) / Math.Sqrt(2);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    [Theory]
    [InlineData(1UL, 0L)]
    [InlineData(99UL, 12_345_679L)]
    public void Both_gaussians_and_uniform_pass_kolmogorov_smirnov(ulong seed, long start)
    {
        const int N = 200_000;
        double critical = 1.95 / Math.Sqrt(N); // α = 0.001
        var v = new float[N];
        foreach (var gaussian in new[] { NoiseDistribution.Gaussian, NoiseDistribution.FastGaussian })
        {
            Fill(v, new NoiseKey(seed, 8, 0, 0), start, gaussian, 1f, 2);
            Assert.InRange(KolmogorovSmirnov(v, NormalCdf), 0, critical);
            double mean = v.Average(x => (double)x);
            double variance = v.Average(x => (x - mean) * (x - mean));
            double skew = v.Average(x => Math.Pow(x - mean, 3)) / Math.Pow(variance, 1.5);
            double kurtosis = v.Average(x => Math.Pow(x - mean, 4)) / (variance * variance);
            Assert.InRange(mean, -0.01, 0.01);
            Assert.InRange(variance, 0.985, 1.015);
            Assert.InRange(skew, -0.03, 0.03);
            Assert.InRange(kurtosis, 2.9, 3.1);
        }
        Fill(v, new NoiseKey(seed, 8, 0, 0), start, NoiseDistribution.Uniform, 1f, 2);
        Assert.InRange(KolmogorovSmirnov(v, x => Math.Clamp((x + 1) / 2, 0, 1)), 0, critical);
    }

    [Fact]
    public void Normal_cdf_helper_is_right_at_known_points()
    {
        Assert.Equal(0.5, NormalCdf(0), 1e-7);
        Assert.Equal(0.8413447461, NormalCdf(1), 1e-6);
        Assert.Equal(0.0227501319, NormalCdf(-2), 1e-6);
    }
}
