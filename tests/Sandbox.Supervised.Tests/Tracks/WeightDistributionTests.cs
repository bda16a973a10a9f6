using Sandbox.Core.Perturbations;
using Sandbox.Supervised.Tracks.Networks;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class WeightDistributionTests
{
    private static float[] Draw(WeightDistribution distribution, int fanIn, double keep, int count = 200_000)
    {
        var w = new float[count];
        WeightDistributions.Fill(w, distribution, fanIn, keep, new NoiseKey(7, NoiseKey.WeightsStream, 0, 0));
        return w;
    }

    [Theory]
    [InlineData(WeightDistribution.SignedConstant, 784, 0.5, 1.0)]
    [InlineData(WeightDistribution.ScaledSignedConstant, 784, 0.5, 1.4142135623730951)]
    [InlineData(WeightDistribution.ScaledSignedConstant, 300, 0.1, 3.1622776601683795)]
    public void Signed_constant_weights_are_plus_or_minus_the_kaiming_deviation_with_balanced_signs(WeightDistribution distribution, int fanIn, double keep, double scale)
    {
        var w = Draw(distribution, fanIn, keep);
        float sigma = (float)(Math.Sqrt(2.0 / fanIn) * scale);
        Assert.All(w, v => Assert.Equal(sigma, Math.Abs(v), sigma * 1e-6f));
        double positive = w.Count(v => v > 0) / (double)w.Length;
        // 200 000 fair signs: standard deviation of the share 0.0011; 0.006 is over 5 of them.
        Assert.InRange(positive, 0.494, 0.506);
        double mean = w.Average(v => (double)v);
        Assert.InRange(mean / sigma, -0.012, 0.012);
        double variance = w.Average(v => (double)v * v);
        Assert.Equal(sigma * (double)sigma, variance, sigma * sigma * 1e-5);
    }

    [Theory]
    [InlineData(WeightDistribution.KaimingNormal, 784, 0.5, 1.0)]
    [InlineData(WeightDistribution.ScaledKaimingNormal, 100, 0.3, 1.8257418583505538)]
    public void Kaiming_normal_weights_have_the_kaiming_deviation(WeightDistribution distribution, int fanIn, double keep, double scale)
    {
        var w = Draw(distribution, fanIn, keep);
        double sigma = Math.Sqrt(2.0 / fanIn) * scale;
        double sd = Math.Sqrt(w.Average(v => (double)v * v));
        Assert.InRange(sd / sigma, 0.99, 1.01);
        Assert.True(w.Distinct().Count() > w.Length / 2, "normal weights are not a constant");
    }

    [Fact]
    public void Every_distribution_name_parses_back()
    {
        foreach (var name in WeightDistributions.Names)
        {
            Assert.NotNull(WeightDistributions.Parse(name));
        }
        Assert.Null(WeightDistributions.Parse("xavier"));
    }
}
