using Sandbox.Core.Perturbations;

namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Which examples form each minibatch, as a pure function of (seed, epoch, batch index). Epoch e visits the examples
/// in a Fisher–Yates permutation drawn from the <see cref="NoiseKey.DataOrderStream"/> stream with generation e,
/// so the same seed gives the same order in any process, each epoch is a fresh shuffle and visits every example
/// exactly once (with <see cref="DropLast"/>, the last ExampleCount mod BatchSize of the permutation are skipped).
/// Steps run through the epochs: step s is batch s mod BatchesPerEpoch of epoch s / BatchesPerEpoch, so evolution
/// uses "generation g = step g" and supervised training epochs × batches. The permutation buffer is allocated
/// once; asking for another epoch reshuffles it in place (not thread-safe: one schedule per thread).
/// </summary>
public sealed class MinibatchSchedule
{
    private readonly int[] _order;
    private long _epoch = -1;

    /// <summary>A schedule over <paramref name="exampleCount"/> examples in batches of <paramref name="batchSize"/>.</summary>
    public MinibatchSchedule(int exampleCount, int batchSize, ulong seed, bool dropLast)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exampleCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (dropLast && batchSize > exampleCount)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size {batchSize} exceeds the {exampleCount} examples: with drop-last no batch would remain");
        }
        ExampleCount = exampleCount;
        BatchSize = batchSize;
        Seed = seed;
        DropLast = dropLast;
        BatchesPerEpoch = dropLast ? exampleCount / batchSize : (exampleCount + batchSize - 1) / batchSize;
        _order = new int[exampleCount];
    }

    /// <summary>Number of examples shuffled.</summary>
    public int ExampleCount { get; }

    /// <summary>Examples per batch (the last batch of an epoch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Run seed the orders derive from.</summary>
    public ulong Seed { get; }

    /// <summary>Whether an epoch's incomplete last batch is skipped, so every batch has exactly <see cref="BatchSize"/> examples.</summary>
    public bool DropLast { get; }

    /// <summary>Batches in each epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Writes the example indices of global step <paramref name="step"/> into <paramref name="indices"/>; returns how many.</summary>
    public int Batch(long step, Span<int> indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Batch(step / BatchesPerEpoch, (int)(step % BatchesPerEpoch), indices);
    }

    /// <summary>Writes the example indices of batch <paramref name="index"/> of <paramref name="epoch"/>; returns how many.</summary>
    public int Batch(long epoch, int index, Span<int> indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchesPerEpoch);
        int start = index * BatchSize;
        int count = Math.Min(BatchSize, ExampleCount - start);
        if (indices.Length < count)
        {
            throw new ArgumentException($"the indices span holds {indices.Length}, batch {index} has {count}", nameof(indices));
        }
        Order(epoch).Slice(start, count).CopyTo(indices);
        return count;
    }

    /// <summary>
    /// The whole order of <paramref name="epoch"/> (valid until another epoch is asked for). Element k is the
    /// example visited k-th.
    /// </summary>
    public ReadOnlySpan<int> Order(long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, uint.MaxValue);
        if (epoch != _epoch)
        {
            Shuffle((uint)epoch);
            _epoch = epoch;
        }
        return _order;
    }

    private void Shuffle(uint epoch)
    {
        var order = _order.AsSpan();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // Starting from the identity every time makes the order a function of (seed, epoch) alone, not of the
        // epochs visited before.
        var draws = new BoundedDraws(new NoiseKey(Seed, NoiseKey.DataOrderStream, epoch, 0));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)draws.Next((uint)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
