using CsCheck;
using Sandbox.Core.Perturbations;

namespace Sandbox.Core.Tests.Perturbations;

public sealed class PerturbationGeneratorTests
{
    [Fact]
    public void Any_slice_equals_the_same_range_of_the_whole_vector()
    {
        var key = new NoiseKey(42, NoiseKey.SearchStream, 3, 17);
        var whole = new float[1000];
        PerturbationGenerator.Fill(whole, key, 0, NoiseDistribution.Gaussian);
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, 200]).Sample((start, length) =>
        {
            length = Math.Min(length, 1000 - start);
            var slice = new float[length];
            PerturbationGenerator.Fill(slice, key, start, NoiseDistribution.Gaussian);
            Assert.Equal(whole.AsSpan(start, length).ToArray(), slice);
        }, iter: 300);
    }

    [Theory]
    [InlineData(NoiseDistribution.Gaussian)]
    [InlineData(NoiseDistribution.Uniform)]
    [InlineData(NoiseDistribution.Rademacher)]
    [InlineData(NoiseDistribution.Bernoulli)]
    [InlineData(NoiseDistribution.FastGaussian)]
    public void Different_keys_give_different_vectors(NoiseDistribution distribution)
    {
        var a = new float[256];
        var b = new float[256];
        PerturbationGenerator.Fill(a, new NoiseKey(1, 3, 0, 0), 0, distribution);
        PerturbationGenerator.Fill(b, new NoiseKey(1, 3, 0, 1), 0, distribution);
        Assert.NotEqual(a, b);
        PerturbationGenerator.Fill(b, new NoiseKey(2, 3, 0, 0), 0, distribution);
        Assert.NotEqual(a, b);
        PerturbationGenerator.Fill(b, new NoiseKey(1, 3, 1, 0), 0, distribution);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Gaussian_moments_are_standard()
    {
        var v = new float[200_000];
        PerturbationGenerator.Fill(v, new NoiseKey(9, 3, 0, 0), 0, NoiseDistribution.Gaussian);
        double mean = v.Average(x => (double)x);
        double variance = v.Average(x => (x - mean) * (x - mean));
        double kurtosis = v.Average(x => Math.Pow(x - mean, 4)) / (variance * variance);
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.InRange(kurtosis, 2.9, 3.1);
    }

    [Fact]
    public void Uniform_rademacher_and_bernoulli_have_their_supports_and_means()
    {
        var v = new float[100_000];
        var key = new NoiseKey(5, 3, 2, 1);
        PerturbationGenerator.Fill(v, key, 0, NoiseDistribution.Uniform);
        Assert.All(v, x => Assert.InRange(x, -1f, 1f));
        Assert.InRange(v.Average(x => (double)x), -0.01, 0.01);
        Assert.InRange(v.Average(x => (double)x * x), 0.323, 0.343); // 1/3
        PerturbationGenerator.Fill(v, key, 0, NoiseDistribution.Rademacher);
        Assert.All(v, x => Assert.True(x is 1f or -1f));
        Assert.InRange(v.Average(x => (double)x), -0.02, 0.02);
        PerturbationGenerator.Fill(v, key, 0, NoiseDistribution.Bernoulli);
        Assert.All(v, x => Assert.True(x is 0f or 1f));
        Assert.InRange(v.Average(x => (double)x), 0.49, 0.51);
    }

    [Fact]
    public void Scale_multiplies_and_accumulate_adds()
    {
        var key = new NoiseKey(11, 3, 0, 4);
        var unit = new float[3000];
        var scaled = new float[3000];
        PerturbationGenerator.Fill(unit, key, 5, NoiseDistribution.Gaussian);
        PerturbationGenerator.Fill(scaled, key, 5, NoiseDistribution.Gaussian, 0.25f);
        for (int i = 0; i < unit.Length; i++)
        {
            Assert.Equal(unit[i] * 0.25f, scaled[i]);
        }
        var acc = new float[3000];
        Array.Fill(acc, 1f);
        PerturbationGenerator.Accumulate(acc, key, 5, NoiseDistribution.Gaussian, 0.25f);
        for (int i = 0; i < unit.Length; i++)
        {
            Assert.Equal(1f + scaled[i], acc[i]);
        }
    }
}

public sealed class PerturbationKernelTests
{
    [Theory]
    [InlineData(NoiseDistribution.Gaussian)]
    [InlineData(NoiseDistribution.Uniform)]
    [InlineData(NoiseDistribution.Rademacher)]
    [InlineData(NoiseDistribution.Bernoulli)]
    [InlineData(NoiseDistribution.FastGaussian)]
    public void Vector_and_scalar_paths_give_identical_bits(NoiseDistribution distribution)
    {
        Assert.SkipUnless(Core.Random.Philox4x32x8.IsSupported, "this CPU has no AVX2 vector path to compare (issue 3: the scalar twin is then the only path)");
        Gen.Select(Gen.ULong, Gen.UInt, Gen.UInt, Gen.UInt[0, 100_000], Gen.Float[-3f, 3f]).Sample((seed, generation, member, group, scale) =>
        {
            var key = new NoiseKey(seed, NoiseKey.SearchStream, generation, member);
            var scalar = new float[32];
            var vector = new float[32];
            PerturbationGenerator.FillGroupScalar(scalar, key, group * 8, distribution, scale);
            PerturbationGenerator.FillGroupVector(vector, key, group * 8, distribution, scale);
            for (int i = 0; i < 32; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(scalar[i]), BitConverter.SingleToInt32Bits(vector[i]));
            }
        }, iter: 2000);
    }

    [Fact]
    public void Philox_vector_lanes_equal_scalar_blocks()
    {
        Assert.SkipUnless(Core.Random.Philox4x32x8.IsSupported, "this CPU has no AVX2 (issue 3: the scalar Philox is then the only path)");
        Core.Random.Philox4x32x8.Generate(1000, 7, 9, 11, 0xDEADBEEF, 0x12345678, out var x0, out var x1, out var x2, out var x3);
        for (int lane = 0; lane < 8; lane++)
        {
            var b = Core.Random.Philox4x32.Generate(1000 + (uint)lane, 7, 9, 11, 0xDEADBEEF, 0x12345678);
            Assert.Equal(b.X0, x0[lane]);
            Assert.Equal(b.X1, x1[lane]);
            Assert.Equal(b.X2, x2[lane]);
            Assert.Equal(b.X3, x3[lane]);
        }
    }

    [Fact]
    public void Philox_matches_the_random123_known_answer()
    {
        // Random123's kat_vectors: philox4x32_10 with counter and key all 0xffffffff / pi digits.
        var zero = Core.Random.Philox4x32.Generate(0, 0, 0, 0, 0, 0);
        Assert.Equal(new Core.Random.Philox4x32.Block(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8), zero);
        var ones = Core.Random.Philox4x32.Generate(uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue);
        Assert.Equal(new Core.Random.Philox4x32.Block(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd), ones);
    }

    [Fact]
    public void Table_box_muller_equals_exact_box_muller_of_the_same_words()
    {
        // The fast stream's transform against Box–Muller in double on the words it reads: u from a's top 24 bits
        // (plus one), the angle from b's top 29 bits at the centre of its 2^-29 turn.
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Float[0.1f, 3f]).Sample((a, b, scale) =>
        {
            TableBoxMuller.BoxMuller(a, b, scale, out float z0, out float z1);
            double u = ((a >> 8) + 1) / 16777216.0;
            double radius = Math.Sqrt(-2 * Math.Log(u)) * scale;
            double angle = 2 * Math.PI * ((b >> 3) + 0.5) / 536870912.0;
            Assert.True(Math.Abs(z0 - radius * Math.Cos(angle)) <= Tolerance(u, radius, scale), $"z0 {z0} vs {radius * Math.Cos(angle)} (a {a}, b {b})");
            Assert.True(Math.Abs(z1 - radius * Math.Sin(angle)) <= Tolerance(u, radius, scale), $"z1 {z1} vs {radius * Math.Sin(angle)} (a {a}, b {b})");
        }, iter: 100_000);
    }

    /// <summary>
    /// Float resolution of the radius plus, near u = 1, the absolute error of −2·ln u (a few 1e-7) that the square root
    /// magnifies: an error δ in −2·ln u moves the radius by at most √δ.
    /// </summary>
    private static double Tolerance(double u, double radius, float scale) => scale * (2e-6 * (1 + radius) + (u > 0.999 ? 1e-3 : 0));

    [Fact]
    public void Log_and_sincos_approximations_are_accurate()
    {
        for (int i = 1; i <= 100_000; i++)
        {
            float u = i / 100_000f;
            float expected = (float)(-2 * Math.Log(u));
            Assert.Equal(expected, NoiseTransforms.MinusTwoLog(u), Math.Max(2e-6f, expected * 2e-6f));
            NoiseTransforms.SinCosTurn(u - 1e-5f, out float sin, out float cos);
            double angle = 2 * Math.PI * (u - 1e-5f);
            Assert.Equal(Math.Sin(angle), sin, 2e-6);
            Assert.Equal(Math.Cos(angle), cos, 2e-6);
        }
    }
}
