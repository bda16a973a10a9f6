using Sandbox.Core.Perturbations;
using Sandbox.Supervised.Tracks.Networks;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class TopKMaskTests
{
    private static float[] Uniform(int n, uint generation)
    {
        var values = new float[n];
        PerturbationGenerator.Fill(values, new NoiseKey(42, NoiseKey.SearchStream, generation, 0), 0, NoiseDistribution.Uniform);
        return values;
    }

    [Theory]
    [InlineData(10, 0.5, 5)]
    [InlineData(7, 0.3, 3)]      // ⌊0.7·7⌋ = 4 pruned
    [InlineData(235200, 0.9, 211680)]
    [InlineData(235200, 0.1, 23520)]
    [InlineData(100, 1.0, 100)]
    public void Kept_count_is_the_count_minus_the_floor_of_the_pruned_share(long count, double keep, long expected) =>
        Assert.Equal(expected, TopKMask.KeptCount(count, keep));

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Mask_keeps_exactly_the_largest_magnitudes_per_layer(double keep)
    {
        var values = Uniform(300 * 784, 1);
        using var scores = TensorCopy.FromSpan(values, 300, 784);
        using var magnitudes = scores.abs();
        using var mask = TopKMask.Mask(magnitudes, keep);
        var m = TensorCopy.ToArray(mask);
        long kept = m.Count(v => v == 1f);
        Assert.Equal(TopKMask.KeptCount(values.Length, keep), kept);
        Assert.All(m, v => Assert.True(v is 0f or 1f));
        float smallestKept = float.MaxValue, largestPruned = 0;
        for (int i = 0; i < values.Length; i++)
        {
            float a = Math.Abs(values[i]);
            if (m[i] == 1f)
            {
                smallestKept = Math.Min(smallestKept, a);
            }
            else
            {
                largestPruned = Math.Max(largestPruned, a);
            }
        }
        Assert.True(smallestKept > largestPruned, $"kept {smallestKept} vs pruned {largestPruned}");
    }

    [Fact]
    public void Straight_through_forward_is_the_mask_and_every_score_gets_the_gradient_as_if_the_mask_were_the_identity()
    {
        const int n = 64;
        var s = Uniform(n, 2);
        var w = Uniform(n, 3);
        var c = Uniform(n, 4);
        using var scores = TensorCopy.FromSpan(s, n).requires_grad_(true);
        using var weights = TensorCopy.FromSpan(w, n);
        using var upstream = TensorCopy.FromSpan(c, n);
        using var st = TopKMask.StraightThrough(scores, 0.25);
        using var expectedMask = TopKMask.Mask(scores.abs(), 0.25);
        Assert.Equal(TensorCopy.ToArray(expectedMask), TensorCopy.ToArray(st));
        using var loss = (weights * st * upstream).sum();
        loss.backward();
        var grad = TensorCopy.ToArray(scores.grad!);
        int prunedWithGradient = 0;
        var mask = TensorCopy.ToArray(expectedMask);
        for (int i = 0; i < n; i++)
        {
            // d loss / d s_i = c_i · w_i · sign(s_i), kept or not.
            float expected = c[i] * w[i] * Math.Sign(s[i]);
            Assert.Equal(expected, grad[i], 1e-6f);
            if (mask[i] == 0f && grad[i] != 0f)
            {
                prunedWithGradient++;
            }
        }
        Assert.True(prunedWithGradient > n / 2, "pruned edges must receive gradient so they can pop back up");
    }
}

public sealed class SelectionTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(1000, 0)]
    [InlineData(1000, 499)]
    [InlineData(1000, 999)]
    [InlineData(100_003, 70_001)]
    public void The_kth_smallest_is_what_sorting_puts_there(int count, int k)
    {
        var random = new System.Random(count + k);
        // Few distinct values as well as many: ties must not break the selection.
        foreach (int distinct in new[] { 3, count })
        {
            var values = Enumerable.Range(0, count).Select(_ => (float)random.Next(distinct) - distinct / 2f).ToArray();
            var sorted = values.Order().ToArray();
            Assert.Equal(sorted[k], Selection.KthSmallest(values.ToArray(), k));
        }
    }
}

public sealed class NonNegativeSelectionTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1000, 0)]
    [InlineData(1000, 999)]
    [InlineData(235_200, 117_600)]
    [InlineData(235_200, 23_520)]
    public void The_kth_smallest_magnitude_is_what_sorting_puts_there_and_the_input_is_untouched(int count, int k)
    {
        var random = new System.Random(count ^ k);
        foreach (int distinct in new[] { 5, 1 << 20 })
        {
            var values = Enumerable.Range(0, count).Select(_ => random.Next(distinct) * 1e-7f).ToArray();
            values[0] = 0f;
            var copy = values.ToArray();
            float expected = values.Order().ElementAt(k);
            Assert.Equal(expected, Selection.KthSmallestNonNegative(values, k));
            Assert.Equal(copy, values);
        }
    }
}
