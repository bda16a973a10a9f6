using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>
/// Edge-popup's subnetwork choice: per layer, keep the fraction k of weights whose |score| is largest. The k-th
/// largest value is found by selection (<see cref="Selection"/>), not by sorting: a full sort per step triples an FC epoch.
/// Backward is the straight-through estimator: the mask's gradient passes to |score| as if the mask were the identity.
/// </summary>
public static class TopKMask
{
    /// <summary>
    /// Weights kept out of <paramref name="count"/> at keep fraction <paramref name="keep"/>: count − ⌊(1 − keep)·count⌋,
    /// the edge-popup reference's rounding (the ⌊·⌋ of the pruned share, so at least the share asked for is kept).
    /// </summary>
    public static long KeptCount(long count, double keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!(keep is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(keep), $"keep fraction must be in (0, 1] (got {keep})");
        }
        // Round away binary noise first: (1 − 0.9)·n is 0.0999…·n in doubles.
        long pruned = (long)Math.Floor(Math.Round((1 - keep) * count, 6));
        return count - pruned;
    }

    /// <summary>
    /// A 0/1 float mask of <paramref name="magnitudes"/>' shape keeping its <see cref="KeptCount"/> largest entries
    /// (entries equal to the threshold are all kept, so ties can keep a few more). No gradient.
    /// </summary>
    public static Tensor Mask(Tensor magnitudes, double keep)
    {
        long n = magnitudes.numel();
        long kept = KeptCount(n, keep);
        using var _ = no_grad();
        if (kept >= n)
        {
            return ones_like(magnitudes);
        }
        if (kept <= 0)
        {
            return zeros_like(magnitudes);
        }
        using var flat = magnitudes.detach().contiguous();
        // The (n − kept)-th smallest (0-based) is the smallest kept value.
        float threshold = Selection.KthSmallestNonNegative(TensorCopy.Floats(flat), (int)(n - kept));
        using var keepIt = magnitudes.ge(threshold);
        return keepIt.to_type(ScalarType.Float32);
    }

    /// <summary>
    /// The straight-through mask of <paramref name="scores"/>: forward value = <see cref="Mask"/> of |scores| exactly,
    /// gradient to the scores = upstream gradient × sign(score) (|·| is differentiated, the top-k is not).
    /// </summary>
    public static Tensor StraightThrough(Tensor scores, double keep)
    {
        using var magnitudes = scores.abs();
        using var mask = Mask(magnitudes, keep);
        using var detached = magnitudes.detach();
        // magnitudes − detached is exactly 0 forward and carries d|s|/ds backward.
        using var zero = magnitudes - detached;
        return mask + zero;
    }
}
