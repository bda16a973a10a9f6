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
