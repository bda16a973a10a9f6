using Sandbox.Policies.Normalization;

namespace Sandbox.Policies.Tests.Normalization;

public sealed class ObservationNormalizationTests
{
    [Fact]
    public void The_normalizer_subtracts_the_mean_divides_by_the_std_and_clips()
    {
        var normalizer = new ObservationNormalizer([1f, -2f, 0f], [2f, 0.5f, 1f]);
        var result = new float[3];
        normalizer.Apply([5f, -2.5f, 100f], result);
        Assert.Equal([2f, -1f, ObservationNormalizer.Clip], result);
        normalizer.Apply([1f, -2f, -100f], result);
        Assert.Equal([0f, 0f, -ObservationNormalizer.Clip], result);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_std_that_is_not_positive_and_finite_is_refused(float std) =>
        Assert.Throws<ArgumentException>(() => new ObservationNormalizer([0f], [std]));

    [Fact]
    public void Statistics_give_the_mean_and_population_std_with_a_variance_floor()
    {
        var stats = new ObservationStatistics(2);
        stats.Add([1f, 5f]);
        stats.Add([3f, 5f]);
        var normalizer = stats.ToNormalizer();
        Assert.Equal([2f, 5f], normalizer.Mean);
        // First: variance ((1-2)² + (3-2)²)/2 = 1. Second: constant, so the floor.
        Assert.Equal(1f, normalizer.Std[0]);
        Assert.Equal((float)Math.Sqrt(ObservationNormalizer.MinVariance), normalizer.Std[1]);
    }

    [Fact]
    public void Empty_statistics_normalize_nothing()
    {
        var normalizer = new ObservationStatistics(2).ToNormalizer();
        Assert.Equal([0f, 0f], normalizer.Mean);
        Assert.Equal([1f, 1f], normalizer.Std);
    }

    [Fact]
    public void Merging_a_vector_equals_adding_the_same_observations()
    {
        var direct = new ObservationStatistics(2);
        var part = new ObservationStatistics(2);
        foreach (float[] o in new[] { new[] { 1f, 2f }, [3f, -4f], [0.5f, 8f] })
        {
            direct.Add(o);
            part.Add(o);
        }
        var merged = new ObservationStatistics(2);
        Assert.True(merged.TryMerge(part.ToVector()));
        Assert.Equal(direct.ToVector(), merged.ToVector());
        var other = new ObservationStatistics(2);
        other.Merge(part);
        Assert.Equal(direct.ToVector(), other.ToVector());
        other.Clear();
        Assert.Equal(new double[5], other.ToVector());
    }

    [Theory]
    [InlineData(new double[] { 1, 0, 0 })]                 // wrong length
    [InlineData(new double[] { -1, 0, 0, 0, 0 })]          // negative count
    [InlineData(new double[] { 1.5, 0, 0, 0, 0 })]         // fractional count
    [InlineData(new double[] { double.NaN, 0, 0, 0, 0 })]  // NaN count
    [InlineData(new double[] { 1e300, 0, 0, 0, 0 })]       // count beyond a long
    public void A_vector_that_is_not_statistics_is_refused_and_changes_nothing(double[] vector)
    {
        var stats = new ObservationStatistics(2);
        stats.Add([1f, 1f]);
        var before = stats.ToVector();
        Assert.False(stats.TryMerge(vector));
        Assert.Equal(before, stats.ToVector());
    }

    [Fact]
    public void Statistics_beyond_float_range_still_give_a_finite_normalizer()
    {
        var stats = new ObservationStatistics(1, [1e300], [1e300]);
        var normalizer = stats.ToNormalizer();
        Assert.True(float.IsFinite(normalizer.Mean[0]));
        Assert.True(float.IsFinite(normalizer.Std[0]) && normalizer.Std[0] > 0);
    }
}
